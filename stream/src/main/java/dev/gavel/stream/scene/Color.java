package dev.gavel.stream.scene;

/** A color with alpha, read from {@code #rgb}, {@code #rrggbb} or {@code #rrggbbaa}. */
public record Color(int argb) {
    public static final Color BLACK = new Color(0xff000000);
    public static final Color WHITE = new Color(0xffffffff);

    /** Empty when {@code text} is not one of the forms above. */
    public static java.util.Optional<Color> parse(String text) {
        if (text == null || !text.matches("#([0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")) {
            return java.util.Optional.empty();
        }
        String hex = text.substring(1);
        if (hex.length() == 3) {
            hex = "" + hex.charAt(0) + hex.charAt(0) + hex.charAt(1) + hex.charAt(1) + hex.charAt(2) + hex.charAt(2);
        }
        long value = Long.parseLong(hex, 16);
        int argb = hex.length() == 6 ? (int) (0xff000000L | value) : (int) (((value & 0xff) << 24) | (value >>> 8));
        return java.util.Optional.of(new Color(argb));
    }

    public int alpha() {
        return (argb >>> 24) & 0xff;
    }

    public String hex() {
        return String.format("#%06x%02x", argb & 0xffffff, alpha());
    }
}
