package dev.descent.spark;

/**
 * The check of a LIBSVM line before Spark's reader parses it, and its largest index. Spark's parser
 * ({@code MLUtils.parseLibSVMRecord}) reads an item {@code 4:0.45:93} as {@code 4:0.45}, so a
 * damaged file could be read silently as other values; here an item is exactly {@code index:value}.
 * The rest is Spark's format: the trimmed line split on single spaces (empty items skipped), a label,
 * then items with indices from 1, ascending; blank lines and lines starting with {@code #} skipped.
 */
final class LibsvmLines {

    /** What {@link #lastIndex} returns for a line without an example. */
    static final int NO_EXAMPLE = -1;

    private LibsvmLines() {
    }

    /**
     * The largest index of {@code line} (0 for a label alone), or {@link #NO_EXAMPLE} for a blank line
     * or a comment.
     *
     * @throws BadDataException naming {@code path}, the problem and the line, when it is not LIBSVM
     */
    static int lastIndex(String line, String path) {
        String s = line.trim();
        if (s.isEmpty() || s.startsWith("#")) {
            return NO_EXAMPLE;
        }
        String[] items = s.split(" ");
        if (!SparkData.isNumber(items[0])) {
            throw bad(path, "label '" + items[0] + "' is not a number", s);
        }
        int previous = 0;
        for (int k = 1; k < items.length; k++) {
            if (items[k].isEmpty()) {
                continue;
            }
            int colon = items[k].indexOf(':');
            if (colon < 0 || colon != items[k].lastIndexOf(':')
                    || !SparkData.isNumber(items[k].substring(colon + 1))) {
                throw bad(path, "item '" + items[k] + "' is not index:value", s);
            }
            int index;
            try {
                index = Integer.parseInt(items[k].substring(0, colon));
            } catch (NumberFormatException e) {
                throw bad(path, "item '" + items[k] + "' has no index", s);
            }
            if (index <= previous) {
                throw bad(path, "index " + index + (previous == 0 ? " (indices count from 1)"
                        : " after " + previous + " (indices ascend)"), s);
            }
            previous = index;
        }
        return previous;
    }

    private static BadDataException bad(String path, String problem, String line) {
        String shown = line.length() > 80 ? line.substring(0, 80) + "…" : line;
        return new BadDataException(path + ": " + problem + " in the line \"" + shown + "\"");
    }
}
