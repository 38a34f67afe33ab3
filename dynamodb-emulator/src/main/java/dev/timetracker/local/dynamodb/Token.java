package dev.timetracker.local.dynamodb;

import java.util.ArrayList;
import java.util.List;

/** A lexical token of the DynamoDB expression language. */
record Token(Kind kind, String text, int start, int end) {
    enum Kind {
        IDENT,
        NAME_REF,
        VALUE_REF,
        NUMBER,
        LPAREN,
        RPAREN,
        LBRACKET,
        RBRACKET,
        COMMA,
        DOT,
        EQ,
        NE,
        LT,
        LE,
        GT,
        GE,
        PLUS,
        MINUS,
        INVALID,
        EOF
    }

    boolean isKeyword(String keyword) {
        return kind == Kind.IDENT && text.equalsIgnoreCase(keyword);
    }

    /** Never fails: an unexpected character becomes an INVALID token so the parser reports it in context. */
    static List<Token> tokenize(String source) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            if (isIdentStart(c)) {
                i = scanWord(source, i + 1);
                tokens.add(new Token(Kind.IDENT, source.substring(start, i), start, i));
            } else if (c == '#' || c == ':') {
                i = scanWord(source, i + 1);
                Kind kind = i == start + 1 ? Kind.INVALID : c == '#' ? Kind.NAME_REF : Kind.VALUE_REF;
                tokens.add(new Token(kind, source.substring(start, i), start, i));
            } else if (c >= '0' && c <= '9') {
                while (i < n && source.charAt(i) >= '0' && source.charAt(i) <= '9') {
                    i++;
                }
                tokens.add(new Token(Kind.NUMBER, source.substring(start, i), start, i));
            } else {
                Kind kind = switch (c) {
                    case '(' -> Kind.LPAREN;
                    case ')' -> Kind.RPAREN;
                    case '[' -> Kind.LBRACKET;
                    case ']' -> Kind.RBRACKET;
                    case ',' -> Kind.COMMA;
                    case '.' -> Kind.DOT;
                    case '=' -> Kind.EQ;
                    case '+' -> Kind.PLUS;
                    case '-' -> Kind.MINUS;
                    case '<' ->
                        i + 1 < n && source.charAt(i + 1) == '>'
                                ? Kind.NE
                                : i + 1 < n && source.charAt(i + 1) == '=' ? Kind.LE : Kind.LT;
                    case '>' -> i + 1 < n && source.charAt(i + 1) == '=' ? Kind.GE : Kind.GT;
                    default -> Kind.INVALID;
                };
                i += kind == Kind.NE || kind == Kind.LE || kind == Kind.GE ? 2 : 1;
                tokens.add(new Token(kind, source.substring(start, i), start, i));
            }
        }
        tokens.add(new Token(Kind.EOF, "<EOF>", n, n));
        return tokens;
    }

    private static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static int scanWord(String source, int i) {
        while (i < source.length()
                && (isIdentStart(source.charAt(i)) || (source.charAt(i) >= '0' && source.charAt(i) <= '9'))) {
            i++;
        }
        return i;
    }
}
