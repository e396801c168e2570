package dev.docpipe.ingestion.api;

import dev.docpipe.ingestion.batch.IngestionProperties;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Bounds what a request body can make the API hold in memory. Neither Tomcat nor Jackson limits
 * a JSON body (Jackson allows 100 million characters per string, and any number of strings), so
 * without this a client could exhaust the heap before any validation runs. A declared length
 * over the limit is refused before reading; a chunked body is cut off when it passes the limit.
 */
@ControllerAdvice
class RequestSizeLimit extends RequestBodyAdviceAdapter {

    private final long limit;

    RequestSizeLimit(IngestionProperties properties) {
        this.limit = properties.maxRequestSize().toBytes();
    }

    @Override
    public boolean supports(MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage message, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
        if (message.getHeaders().getContentLength() > limit) {
            throw tooLarge();
        }
        InputStream bounded = new BoundedStream(message.getBody());
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return bounded;
            }

            @Override
            public HttpHeaders getHeaders() {
                return message.getHeaders();
            }
        };
    }

    private ErrorResponseException tooLarge() {
        return new ErrorResponseException(HttpStatus.CONTENT_TOO_LARGE, ProblemDetail.forStatusAndDetail(
                HttpStatus.CONTENT_TOO_LARGE, "a request body is at most %d bytes".formatted(limit)), null);
    }

    /** Fails the read that passes the limit; unchecked, so the JSON reader passes it on unwrapped. */
    private final class BoundedStream extends FilterInputStream {

        private long read;

        BoundedStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count(skipped);
            return skipped;
        }

        private void count(long bytes) {
            read += bytes;
            if (read > limit) {
                throw tooLarge();
            }
        }
    }
}
