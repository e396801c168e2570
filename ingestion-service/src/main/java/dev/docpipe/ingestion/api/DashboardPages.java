package dev.docpipe.ingestion.api;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The dashboard: static files under {@code /dashboard/} (no build step; Chart.js comes as a
 * WebJar), reached at {@code /dashboard} and from {@code /}. It holds no data itself; every figure
 * it shows comes from the API, with the user's token.
 */
@Configuration(proxyBeanMethods = false)
class DashboardPages implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/dashboard").setViewName("forward:/dashboard/index.html");
        registry.addRedirectViewController("/", "/dashboard");
    }
}
