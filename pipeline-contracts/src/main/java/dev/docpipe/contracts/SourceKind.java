package dev.docpipe.contracts;

/** What an input object holds, judged by its content, never by its name. */
public enum SourceKind {
    PDF,
    IMAGE
}
