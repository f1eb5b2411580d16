package io.invsync.rules;

/**
 * Matches an override's {@code match} against a value: {@code *} stands for any run of characters (none
 * included), {@code ?} for exactly one; everything else for itself. A pattern without either is an exact value.
 * The greedy walk with one backtrack point runs in O(pattern × value) at worst, without regular expressions, so
 * a merchant's pattern cannot make matching slow.
 */
public final class Glob {

    private Glob() {
    }

    public static boolean isPattern(String match) {
        return match.indexOf('*') >= 0 || match.indexOf('?') >= 0;
    }

    public static boolean matches(String pattern, String value) {
        if (!isPattern(pattern)) {
            return pattern.equals(value);
        }
        int p = 0;
        int v = 0;
        int star = -1;
        int resume = 0;
        while (v < value.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == value.charAt(v))) {
                p++;
                v++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = v;
            } else if (star >= 0) {
                p = star + 1;
                v = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
