package dev.junction.examples.webhooks;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * The errors the container renders (a body that is no JSON, a 404, a 405, a 415) as {@code application/problem+json},
 * like the service's own refusals, in place of Spring Boot's error JSON. They stay container-rendered errors, so the
 * idempotency filter stores none of them and the corrected request may reuse its key. Spring's own detail is used
 * where the exception reaches here (else, for a 400, a sentence of ours): it never quotes the body.
 */
@RestController
public class ProblemErrorController implements ErrorController {

    private final ErrorAttributes errors;

    public ProblemErrorController(ErrorAttributes errors) {
        this.errors = errors;
    }

    @RequestMapping("${server.error.path:${error.path:/error}}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer c ? HttpStatus.resolve(c) : null;
        if (status == null) status = HttpStatus.INTERNAL_SERVER_ERROR;
        // A 5xx says no more than its status: its exception's message may hold anything.
        Throwable error = errors.getError(new ServletWebRequest(request));
        if (error == null && request.getAttribute(DispatcherServlet.EXCEPTION_ATTRIBUTE) instanceof Throwable resolved) error = resolved;
        ProblemDetail problem = error instanceof ErrorResponse e && !status.is5xxServerError() ? e.getBody() : ProblemDetail.forStatus(status);
        if (problem.getDetail() == null && status == HttpStatus.BAD_REQUEST) {
            // Spring's 400 for a body it cannot read arrives here without its exception: say what the client can do.
            problem.setDetail("The request could not be read (a body that is not JSON of the expected shape?); correct it and send it"
                    + " again, with the same Idempotency-Key if it had one: this answer was not stored under it.");
        }
        problem.setStatus(status.value());
        problem.setType(URI.create("/problems/" + status.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')));
        problem.setTitle(status.getReasonPhrase());
        if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri) problem.setInstance(URI.create(uri));
        return ResponseEntity.status(status).body(problem);
    }
}
