package dev.dbops.common.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;

/**
 * What {@link ApiProblems} and {@link ApiTokenFilter} do, in the OpenAPI document: every operation needs the
 * bearer token and answers its errors as {@code application/problem+json} ({@code ProblemDetail}).
 */
class ProblemResponses implements GlobalOpenApiCustomizer {

    static final String SCHEMA = "ProblemDetail";
    static final String MEDIA_TYPE = "application/problem+json";
    private static final String BEARER = "bearer";

    @Override
    public void customise(OpenAPI openApi) {
        Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
        openApi.setComponents(components.addSchemas(SCHEMA, problemSchema())
                .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("dbops.api.token (DBOPS_API_TOKEN); not needed when the service has none")));
        openApi.setSecurity(List.of(new SecurityRequirement().addList(BEARER)));
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().values().stream().map(PathItem::readOperations).flatMap(List::stream)
                .forEach(ProblemResponses::describeErrors);
    }

    private static void describeErrors(Operation operation) {
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        responses.forEach((code, response) -> {
            if (code.startsWith("4") || code.startsWith("5") || code.equals("default")) {
                response.setContent(problemContent());
            }
        });
        responses.computeIfAbsent("401", code -> problem("no or a wrong bearer token"));
        responses.computeIfAbsent("default", code -> problem("any other error, as an RFC 9457 problem"));
        operation.setResponses(responses);
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description).content(problemContent());
    }

    private static Content problemContent() {
        return new Content().addMediaType(MEDIA_TYPE,
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + SCHEMA)));
    }

    private static Schema<?> problemSchema() {
        return new ObjectSchema().description("RFC 9457 problem details; some errors add properties such as "
                        + "cause or errors")
                .addProperty("type", new StringSchema().format("uri"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema().format("uri-reference"))
                .additionalProperties(true);
    }
}
