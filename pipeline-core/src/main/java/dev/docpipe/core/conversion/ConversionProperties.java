package dev.docpipe.core.conversion;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param notifyConverted send the converted-page message ourselves (locally), rather than rely on
 *     the bucket's event notification (on AWS)
 */
@ConfigurationProperties("docpipe.conversion")
public record ConversionProperties(@DefaultValue("true") boolean notifyConverted) {}
