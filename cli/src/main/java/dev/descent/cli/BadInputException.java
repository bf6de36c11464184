package dev.descent.cli;

/**
 * Input the user can fix: a wrong argument, an unknown or unavailable backend, a trace file that
 * cannot be read. {@link Main} prints the message as one line and exits with status 2.
 */
final class BadInputException extends Exception {

    BadInputException(String message) {
        super(message);
    }
}
