package dev.gavel.server.jobs;

/**
 * A run that could not finish its work for a reason it can say in a sentence (a card source that failed, say):
 * recorded and logged with that sentence only. Anything else a job throws is logged with its stack trace, as a
 * bug to look into.
 */
public final class JobFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JobFailed(String why) {
        super(why, null, false, false);
    }
}
