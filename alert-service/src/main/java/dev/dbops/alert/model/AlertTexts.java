package dev.dbops.alert.model;

/** Text helpers every receiver format shares. */
public final class AlertTexts {

    private AlertTexts() {
    }

    /** At most {@code max} characters, ending in an ellipsis when cut. */
    public static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
