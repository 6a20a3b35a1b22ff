package dev.junction.server.http;

/** A query parameter or body field a client got wrong; answered 400 problem+json naming it. */
final class BadParameter extends RuntimeException {

    private final String parameter;

    BadParameter(String parameter, String detail) {
        super(detail, null, false, false);
        this.parameter = parameter;
    }

    String parameter() {
        return parameter;
    }
}
