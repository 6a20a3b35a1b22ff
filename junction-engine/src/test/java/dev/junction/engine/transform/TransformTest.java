package dev.junction.engine.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.core.config.TransformSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class TransformTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Transform compile(String expression) {
        return Transform.compile(new TransformSpec(expression, "test"));
    }

    private static String run(String expression, String body) {
        return new String(TransformBody.apply(body.getBytes(StandardCharsets.UTF_8), List.of(compile(expression))), StandardCharsets.UTF_8);
    }

    private static String failure(String expression, String body) {
        TransformFailure f = catchThrowableOfType(TransformFailure.class, () -> run(expression, body));
        assertThat(f).as("expected the transform to fail").isNotNull();
        return f.getMessage();
    }

    @Test
    void aRouteTransformThenADestinationTransformReshapeTheBodyInTurn() throws Exception {
        byte[] out = TransformBody.apply("{\"data\":{\"amount\":\"12.34\",\"currency\":\"eur\"}}".getBytes(StandardCharsets.UTF_8),
                List.of(compile("{ \"minor\": $round($number(data.amount) * 100), \"currency\": $uppercase(data.currency) }"),
                        compile("{ \"total\": minor & \" \" & currency }")));
        assertThat(JSON.readTree(out)).isEqualTo(JSON.readTree("{\"total\":\"1234 EUR\"}"));
    }

    @Test
    void aSyntaxErrorHasTheLineAndColumnOfTheTokenInTheExpression() {
        TransformSyntaxError e = catchThrowableOfType(TransformSyntaxError.class, () -> compile("{\n  \"a\": id,\n  \"b\": total * ,\n}"));
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.column()).isEqualTo(16);
        assertThat(e.describe()).isEqualTo("at 3:16 of the expression: S0211: The symbol \",\" cannot be used as a unary operator");
    }

    @Test
    void aFailureNamesTheOperatorFromTheExpressionButNeverAValueFromTheBody() {
        String body = "{\"data\":{\"amount\":\"s3cr3t-amount\",\"card\":{\"number\":\"4242424242424242\"}}}";
        String message = failure("data.amount * 100", body);
        assertThat(message).isEqualTo("T2001: The left side of the \"*\" operator must evaluate to a number");
        assertThat(failure("$substring(data.card, 1)", body)).startsWith("T0410: ").doesNotContain("4242", "s3cr3t");
        assertThat(failure("$number(data.amount)", body)).doesNotContain("s3cr3t");
    }

    @Test
    void aFunctionGivenTheWrongArgumentIsNamedInTheLibrarysWordsMadeRightWithoutTheValue() {
        String body = "{\"data\":{\"email\":\"ann@example.com\",\"phone\":\"+1 555\",\"first_name\":123,\"tags\":[7,8],\"label\":\"s3cr3t\"}}";
        // It said: Argument "a integer" of Object "uppercase" does not match Object signature: the argument's number taken for a value.
        assertThat(failure("{ \"who\": data.email, \"name\": $uppercase(data.first_name) }", body))
                .isEqualTo("T0410: an argument of function $uppercase does not match its signature (at character 41 of the expression)");
        // The library's number is right above 1 (the first argument left out), and 1 for any mismatch in a longer call.
        assertThat(failure("$substring(data.label, \"x\")", body)).isEqualTo("T0410: an argument of function $substring does not match its"
                + " signature (at character 12 of the expression)");
        assertThat(failure("$substring(data.label)", body)).isEqualTo("T0410: argument 2 of function $substring is missing (at character 12 of the expression)");
        assertThat(failure("$join(data.tags)", body)).isEqualTo("T0412: an argument must be an array of strings (at character 7 of the expression)");
        assertThat(failure("data.($uppercase())", body))
                .isEqualTo("T0411: the context value does not match argument 1 of the function it stands in for (at character 18 of the expression)");
        assertThat(failure("$sqrt(data.debt)", "{\"data\":{\"debt\":-4242}}")).startsWith("D3060: The sqrt function cannot be applied to a"
                + " negative number: a number").doesNotContain("4242");
        assertThat(failure("data ~> 5", body)).startsWith("T2006: The right side of the function application operator ~> must be a function");
    }

    @Test
    void aStringTakenForANumberNamesTheFunctionNotTheString() {
        assertThat(failure("$number(\"+1 555\")", "{}")).isEqualTo("the expression failed: function $number was given a string that is not a number");
        assertThat(failure("$number(data.phone) * 2", "{\"data\":{\"phone\":\"s3cr3t 555\"}}"))
                .isEqualTo("the expression failed: function $number was given a string that is not a number");
    }

    @Test
    void anErrorOfTheAuthorsOwnIsKeptWhole() {
        assertThat(failure("data.customer ? data : $error(\"no customer on this event\")", "{\"data\":{}}"))
                .isEqualTo("D3137: no customer on this event (at character 31 of the expression)");
    }

    @Test
    void nothingAtAllIsAFailureNotAnEmptyBody() {
        assertThat(failure("data.missing", "{\"data\":{}}")).isEqualTo("the expression gave no value for this event (a path that matched nothing?)");
        assertThat(failure("id", "not json")).isEqualTo("the body is not JSON, so it cannot be transformed");
    }

    @Test
    void aRecursionWithoutEndFailsItsDeliveryInsteadOfHoldingALane() {
        assertThat(failure("($f := function($n) { $f($n + 1) }; $f(0))", "{}")).isNotBlank();
    }

    @Test
    void oneCompiledExpressionServesManyLanesAtOnce() throws Exception {
        Transform t = compile("{ \"id\": id, \"double\": n * 2, \"tags\": $uppercase(tags) }");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    Object out = t.apply(TransformBody.read(("{\"id\":\"e" + n + "\",\"n\":" + n + ",\"tags\":\"t" + n + "\"}")
                            .getBytes(StandardCharsets.UTF_8)));
                    return JSON.readTree(TransformBody.write(out))
                            .equals(JSON.readTree("{\"id\":\"e" + n + "\",\"double\":" + (2 * n) + ",\"tags\":\"T" + n + "\"}"));
                }));
            }
            for (Future<Boolean> r : results) assertThat(r.get()).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }
}
