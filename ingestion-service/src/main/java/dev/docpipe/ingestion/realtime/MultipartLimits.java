package dev.docpipe.ingestion.realtime;

import jakarta.servlet.MultipartConfigElement;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * The servlet container's multipart limits, from {@code docpipe.ingestion.realtime.max-file-size}
 * (this bean replaces Boot's {@code spring.servlet.multipart.*}). Tomcat stops reading a part at
 * the limit, and the request is answered 413; files above a megabyte go to a temp file while the
 * request is read, so an upload never sits in the heap whole.
 */
@Configuration(proxyBeanMethods = false)
class MultipartLimits {

    /** Room for the form's text fields beside the file. */
    private static final DataSize FIELDS = DataSize.ofKilobytes(64);

    @Bean
    MultipartConfigElement multipartConfigElement(RealtimeProperties properties) {
        long file = properties.maxFileSize().toBytes();
        return new MultipartConfigElement("", file, file + FIELDS.toBytes(), (int) DataSize.ofMegabytes(1).toBytes());
    }
}
