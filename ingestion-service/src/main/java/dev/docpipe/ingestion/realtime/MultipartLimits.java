package dev.docpipe.ingestion.realtime;

import jakarta.servlet.MultipartConfigElement;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;
import org.springframework.web.multipart.support.StandardServletMultipartResolver;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * The servlet container's multipart limits, from {@code docpipe.ingestion.realtime.max-file-size}
 * (these beans replace Boot's {@code spring.servlet.multipart.*}). Files above a megabyte go to a
 * temp file while the request is read, so an upload never sits in the heap whole.
 *
 * <p>An upload declared larger than the limit is refused before its body is read: parts are
 * parsed lazily, when the controller asks for them after checking the declared length, and
 * Tomcat sends {@code 100 Continue} only once the body is read, so a client that asks first
 * ({@code Expect: 100-continue}, as curl does for large bodies) gets its 413 without sending the
 * file. A client that sends a body far beyond the limit unasked may see the connection cut after
 * the 413, once Tomcat has discarded what it will of the rest (2 MB).
 */
@Configuration(proxyBeanMethods = false)
class MultipartLimits {

    /** Room for the form's text fields beside the file. */
    static final DataSize FIELDS = DataSize.ofKilobytes(64);

    @Bean
    MultipartConfigElement multipartConfigElement(RealtimeProperties properties) {
        long file = properties.maxFileSize().toBytes();
        return new MultipartConfigElement("", file, file + FIELDS.toBytes(), (int) DataSize.ofMegabytes(1).toBytes());
    }

    @Bean(name = DispatcherServlet.MULTIPART_RESOLVER_BEAN_NAME)
    StandardServletMultipartResolver multipartResolver() {
        StandardServletMultipartResolver resolver = new StandardServletMultipartResolver();
        resolver.setResolveLazily(true);
        return resolver;
    }

    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> continueOnRead() {
        return factory -> factory.addConnectorCustomizers(connector -> connector.setProperty("continueResponseTiming", "onRead"));
    }
}
