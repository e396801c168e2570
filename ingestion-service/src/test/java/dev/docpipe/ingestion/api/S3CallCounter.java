package dev.docpipe.ingestion.api;

import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Counts every S3 call any SDK client of this test JVM makes (registered as a global interceptor). */
public class S3CallCounter implements ExecutionInterceptor {

    private static final AtomicLong CALLS = new AtomicLong();

    public static long calls() {
        return CALLS.get();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if ("S3".equals(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))) {
            CALLS.incrementAndGet();
        }
    }
}
