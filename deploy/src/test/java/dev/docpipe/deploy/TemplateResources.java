package dev.docpipe.deploy;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.assertions.Template;

/** The Resources section of a synthesized template, as plain maps. */
final class TemplateResources {

    private TemplateResources() {}

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> of(Template template) {
        return (Map<String, Map<String, Object>>) template.toJSON().get("Resources");
    }

    static Map<String, Map<String, Object>> ofType(Map<String, Map<String, Object>> resources, String type) {
        Map<String, Map<String, Object>> matching = new LinkedHashMap<>();
        resources.forEach((id, resource) -> {
            if (type.equals(resource.get("Type"))) {
                matching.put(id, resource);
            }
        });
        return matching;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> properties(Map<String, Object> resource) {
        Object properties = resource.get("Properties");
        return properties == null ? Map.of() : (Map<String, Object>) properties;
    }
}
