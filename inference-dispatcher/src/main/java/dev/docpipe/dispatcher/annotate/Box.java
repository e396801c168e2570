package dev.docpipe.dispatcher.annotate;

/**
 * A labelled box in the pixels of the page image, origin top left.
 *
 * @param label what the model found there (a word, a class with its score)
 */
public record Box(String label, int left, int top, int width, int height) {}
