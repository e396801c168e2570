package dev.docpipe.core.split;

import dev.docpipe.contracts.Stage;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Records what each split produced (table {@code split_part}) and that it finished
 * ({@code split_completed}). Every write is keyed by what a redelivery repeats, so repeating it
 * adds no row.
 */
public class SplitLineage {

    /** What a part is: a chunk of a large document, or a single page. */
    public enum Kind { CHUNK, PAGE }

    private final JdbcClient jdbc;

    public SplitLineage(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A stored part, with the source's page numbers.
     *
     * @param parentKey       the object it was cut from
     * @param parentFirstPage that object's first page in the source document
     * @return false when a previous delivery had already recorded it
     */
    public boolean partStored(UUID documentId, Kind kind, int firstPage, int lastPage, String key,
            String parentKey, int parentFirstPage, long bytes) {
        return jdbc.sql("""
                        INSERT INTO split_part (document_id, kind, first_page, last_page, object_key,
                                                parent_key, parent_first_page, size_bytes)
                        VALUES (:document, :kind, :first, :last, :key, :parent, :parentFirst, :bytes)
                        ON CONFLICT DO NOTHING""")
                .param("document", documentId)
                .param("kind", kind.name())
                .param("first", firstPage)
                .param("last", lastPage)
                .param("key", key)
                .param("parent", parentKey)
                .param("parentFirst", parentFirstPage)
                .param("bytes", bytes)
                .update() == 1;
    }

    /** Every part of the split of {@code sourceKey}'s pages is stored and announced. */
    public void splitCompleted(UUID documentId, Stage stage, int firstPage, int lastPage, int parts, String sourceKey) {
        jdbc.sql("""
                        INSERT INTO split_completed (document_id, stage, first_page, last_page, parts, source_key)
                        VALUES (:document, :stage, :first, :last, :parts, :source)
                        ON CONFLICT DO NOTHING""")
                .param("document", documentId)
                .param("stage", stage.name())
                .param("first", firstPage)
                .param("last", lastPage)
                .param("parts", parts)
                .param("source", sourceKey)
                .update();
    }
}
