package dev.docpipe.benchmarks;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.gaul.s3proxy.blobstore.BlobStore;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A bucket of millions of objects that S3Proxy lists without storing them: {@code prefix0000000.pdf}
 * to {@code prefix(n-1).pdf}, each of {@code size} bytes, generated page by page. Everything else
 * goes to a real blob store. S3Proxy's own stores sort every object of the bucket on every list
 * call, which makes listing a million of them quadratic; this keeps the HTTP server, the signature
 * checks and the XML of the embedded S3 server, and makes a page cost what it costs on S3.
 */
final class GeneratedKeySpace {

    private GeneratedKeySpace() {}

    static BlobStore wrap(BlobStore delegate, String bucket, String prefix, int objects, long size) {
        Instant modified = Instant.now();
        return (BlobStore) Proxy.newProxyInstance(BlobStore.class.getClassLoader(), new Class<?>[] {BlobStore.class}, (proxy, method, args) -> {
            if (method.getName().equals("list") && args != null && args.length == 1 && args[0] instanceof ListObjectsV2Request request
                    && request.bucket().equals(bucket)) {
                return list(request, prefix, objects, size, modified);
            }
            try {
                return method.invoke(delegate, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    private static ListObjectsV2Response list(ListObjectsV2Request request, String prefix, int objects, long size, Instant modified) {
        String after = request.continuationToken() != null ? request.continuationToken() : request.startAfter();
        int max = request.maxKeys() != null ? request.maxKeys() : 1000;
        String wanted = request.prefix() == null ? "" : request.prefix();
        int first = 0;
        if (after != null && after.compareTo(prefix) >= 0) {
            String number = after.length() > prefix.length() ? after.substring(prefix.length()).replace(".pdf", "") : "";
            first = number.isEmpty() ? 0 : Math.min(objects, Integer.parseInt(number.substring(0, Math.min(7, number.length()))) + 1);
        }
        List<S3Object> contents = new ArrayList<>(max);
        int i = first;
        if (prefix.startsWith(wanted) || wanted.startsWith(prefix)) {
            for (; i < objects && contents.size() < max; i++) {
                String key = "%s%07d.pdf".formatted(prefix, i);
                if (key.startsWith(wanted)) {
                    contents.add(S3Object.builder().key(key).size(size).lastModified(modified).eTag("\"0\"").build());
                }
            }
        }
        boolean truncated = i < objects && !contents.isEmpty();
        return ListObjectsV2Response.builder()
                .name(request.bucket())
                .prefix(request.prefix())
                .maxKeys(max)
                .keyCount(contents.size())
                .contents(contents)
                .isTruncated(truncated)
                .nextContinuationToken(truncated ? contents.getLast().key() : null)
                .build();
    }
}
