package dev.timetracker.local.dynamodb;

import dev.timetracker.local.dynamodb.Expressions.AddAction;
import dev.timetracker.local.dynamodb.Expressions.And;
import dev.timetracker.local.dynamodb.Expressions.Arithmetic;
import dev.timetracker.local.dynamodb.Expressions.Between;
import dev.timetracker.local.dynamodb.Expressions.Comparator;
import dev.timetracker.local.dynamodb.Expressions.Comparison;
import dev.timetracker.local.dynamodb.Expressions.Condition;
import dev.timetracker.local.dynamodb.Expressions.DeleteAction;
import dev.timetracker.local.dynamodb.Expressions.IfNotExists;
import dev.timetracker.local.dynamodb.Expressions.In;
import dev.timetracker.local.dynamodb.Expressions.ListAppend;
import dev.timetracker.local.dynamodb.Expressions.Not;
import dev.timetracker.local.dynamodb.Expressions.Operand;
import dev.timetracker.local.dynamodb.Expressions.Or;
import dev.timetracker.local.dynamodb.Expressions.PathOperand;
import dev.timetracker.local.dynamodb.Expressions.SetAction;
import dev.timetracker.local.dynamodb.Expressions.SizeOperand;
import dev.timetracker.local.dynamodb.Expressions.Update;
import dev.timetracker.local.dynamodb.Expressions.ValueOperand;
import dev.timetracker.local.dynamodb.Token.Kind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Recursive-descent parser for condition, filter, key-condition, update and projection expressions. Errors carry
 * DynamoDB's wording, prefixed with "Invalid &lt;ExpressionKind&gt;: ".
 *
 * <p>DynamoDB's expression limits, from "Expression parameters" in
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Constraints.html#limits-expression-parameters:
 * an expression string is at most 4 KB, counted on the raw string before placeholders are substituted; an
 * expression holds at most 300 operators or functions (the page says "in an UpdateExpression"; DynamoDB applies it
 * to every kind, e.g. "Invalid FilterExpression: The expression contains too many operators; operator count: 301",
 * https://github.com/aws/aws-sdk-js/issues/3721); IN takes at most 100 operands; and, under "Attributes" on the
 * same page, nested attributes go 32 levels deep, so a document path has at most 32 elements.
 */
final class ExpressionParser {
    static final int MAX_EXPRESSION_BYTES = 4 * 1024;
    static final int MAX_OPERATORS = 300;
    static final int MAX_IN_OPERANDS = 100;
    static final int MAX_PATH_DEPTH = 32;

    /** Raised by {@link ExpressionContext} for undefined placeholders; the parser adds position and prefix. */
    static final class SemanticError extends RuntimeException {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        SemanticError(String message) {
            super(message, null, false, false);
        }
    }

    /** A parse failure; the position lets backtracking report the error that got furthest. */
    private static final class Failure extends RuntimeException {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        final int position;

        Failure(String message, int position) {
            super(message, null, false, false);
            this.position = position;
        }
    }

    private static final Set<String> CONDITION_FUNCTIONS =
            Set.of("attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains");
    private static final Set<String> GRAMMAR_KEYWORDS =
            Set.of("AND", "OR", "NOT", "BETWEEN", "IN", "SET", "REMOVE", "ADD", "DELETE");
    private static final Set<String> ATTRIBUTE_TYPES =
            Set.of("S", "SS", "N", "NS", "B", "BS", "BOOL", "NULL", "L", "M");
    private static final Map<String, String> OPERAND_TYPE_NAMES = Map.of(
            "S", "STRING", "N", "NUMBER", "B", "BINARY", "NULL", "NULL", "BOOL", "BOOLEAN", "L", "LIST", "M", "MAP");

    private final String source;
    private final String label;
    private final ExpressionContext context;
    private final List<Token> tokens;
    private final Set<Condition> parenthesized = Collections.newSetFromMap(new IdentityHashMap<>());
    private int pos;
    /** Operators and functions parsed so far; backtracking restores it with the position. */
    private int operators;

    private ExpressionParser(String source, String label, ExpressionContext context) {
        this.source = source;
        this.label = label;
        this.context = context;
        this.tokens = Token.tokenize(source);
    }

    /** @param label the request field, e.g. "ConditionExpression", used in error messages */
    static Condition condition(String source, String label, ExpressionContext context) {
        return run(source, label, context, p -> {
            Condition condition = p.parseOr();
            p.expect(Kind.EOF);
            return condition;
        });
    }

    static Update update(String source, ExpressionContext context) {
        return run(source, "UpdateExpression", context, ExpressionParser::parseUpdate);
    }

    static List<DocPath> projection(String source, ExpressionContext context) {
        return run(source, "ProjectionExpression", context, p -> {
            List<DocPath> paths = p.list(p::parsePath);
            p.expect(Kind.EOF);
            p.checkOverlaps(paths);
            return paths;
        });
    }

    private static <T> T run(
            String source, String label, ExpressionContext context, Function<ExpressionParser, T> body) {
        int size = AttrValues.utf8Length(source);
        if (size > MAX_EXPRESSION_BYTES) {
            throw DynamoDbError.validation("Invalid " + label
                    + ": Expression size has exceeded the maximum allowed size; expression size: " + size);
        }
        if (source.isBlank()) {
            throw DynamoDbError.validation("Invalid " + label + ": The expression can not be empty;");
        }
        try {
            return body.apply(new ExpressionParser(source, label, context));
        } catch (Failure failure) {
            throw DynamoDbError.validation("Invalid " + label + ": " + failure.getMessage());
        }
    }

    // ---- conditions: OR < AND < NOT < comparisons, BETWEEN, IN, functions, parentheses ----

    private Condition parseOr() {
        Condition left = parseAnd();
        while (acceptKeyword("OR")) {
            countOperator();
            left = new Or(left, parseAnd());
        }
        return left;
    }

    private Condition parseAnd() {
        Condition left = parseNot();
        while (acceptKeyword("AND")) {
            countOperator();
            left = new And(left, parseNot());
        }
        return left;
    }

    private Condition parseNot() {
        if (acceptKeyword("NOT")) {
            countOperator();
            return new Not(parseNot());
        }
        return parsePrimary();
    }

    private Condition parsePrimary() {
        if (peek().kind() != Kind.LPAREN) {
            return parseSimpleCondition();
        }
        // "(" opens either a grouped condition or a parenthesised operand such as "(a) = :v": try the former first.
        int start = pos;
        int operatorsAtStart = operators;
        Condition grouped = null;
        Failure groupFailure = null;
        try {
            next();
            grouped = parseOr();
            expect(Kind.RPAREN);
        } catch (Failure f) {
            groupFailure = f;
        }
        if (grouped != null && !startsComparison(peek())) {
            if (!parenthesized.add(grouped)) {
                throw failure("The expression has redundant parentheses;");
            }
            return grouped;
        }
        pos = start;
        operators = operatorsAtStart;
        try {
            return parseSimpleCondition();
        } catch (Failure f) {
            throw groupFailure != null && groupFailure.position > f.position ? groupFailure : f;
        }
    }

    private Condition parseSimpleCondition() {
        Token first = peek();
        if (first.kind() == Kind.IDENT
                && peekAt(1).kind() == Kind.LPAREN
                && !first.text().equals("size")) {
            String name = first.text();
            if (!CONDITION_FUNCTIONS.contains(name)) {
                throw failure("Invalid function name; function: " + name);
            }
            next();
            countOperator();
            List<Operand> arguments = parseArguments();
            if (startsComparison(peek())) {
                throw failure("The function is not allowed to be used this way in an expression; function: " + name);
            }
            return conditionFunction(name, arguments);
        }
        Operand left = parseOperand();
        Token operator = peek();
        Comparator comparator = Comparator.of(operator.kind());
        if (comparator != null) {
            next();
            countOperator();
            Operand right = parseOperand();
            checkDistinct(comparator.symbol, left, right);
            return new Comparison(comparator, left, right);
        }
        if (operator.isKeyword("BETWEEN")) {
            next();
            countOperator();
            Operand low = parseOperand();
            if (!acceptKeyword("AND")) {
                throw syntaxError(peek());
            }
            Operand high = parseOperand();
            checkBetweenBounds(low, high);
            return new Between(left, low, high);
        }
        if (operator.isKeyword("IN")) {
            next();
            countOperator();
            expect(Kind.LPAREN);
            List<Operand> candidates = list(this::parseOperand);
            expect(Kind.RPAREN);
            if (candidates.size() > MAX_IN_OPERANDS) {
                throw failure(
                        "The IN operator is provided with too many operands; number of operands: " + candidates.size());
            }
            return new In(left, candidates);
        }
        if (left instanceof SizeOperand) {
            throw failure("The function is not allowed to be used this way in an expression; function: size");
        }
        throw syntaxError(operator);
    }

    private Operand parseOperand() {
        return operand(this::parseOperand, this::parseSize);
    }

    private Operand parseSize(Token function) {
        String name = function.text();
        if (!name.equals("size")) {
            throw failure(
                    CONDITION_FUNCTIONS.contains(name)
                            ? "The function is not allowed to be used this way in an expression; function: " + name
                            : "Invalid function name; function: " + name);
        }
        next();
        countOperator();
        List<Operand> arguments = parseArguments();
        checkArity(name, arguments, 1);
        return new SizeOperand(requirePath(name, arguments.get(0)));
    }

    private List<Operand> parseArguments() {
        expect(Kind.LPAREN);
        List<Operand> arguments = list(this::parseOperand);
        expect(Kind.RPAREN);
        return arguments;
    }

    private Condition conditionFunction(String name, List<Operand> arguments) {
        switch (name) {
            case "attribute_exists", "attribute_not_exists" -> {
                checkArity(name, arguments, 1);
                requirePath(name, arguments.get(0));
            }
            case "attribute_type" -> {
                checkArity(name, arguments, 2);
                requirePath(name, arguments.get(0));
                if (!(arguments.get(1) instanceof ValueOperand v) || !(v.value() instanceof AttrValue.S type)) {
                    String actual = arguments.get(1) instanceof ValueOperand v
                            ? v.value().type()
                            : "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}";
                    throw failure("Incorrect operand type for operator or function; operator or function: " + name
                            + ", operand type: " + actual);
                }
                if (!ATTRIBUTE_TYPES.contains(type.value())) {
                    throw failure("Invalid attribute type name found; type: " + type.value()
                            + ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
                }
            }
            case "begins_with" -> {
                checkArity(name, arguments, 2);
                for (Operand argument : arguments) {
                    if (argument instanceof ValueOperand v
                            && !(v.value() instanceof AttrValue.S)
                            && !(v.value() instanceof AttrValue.B)) {
                        throw failure("Incorrect operand type for operator or function; operator or function: " + name
                                + ", operand type: " + v.value().type());
                    }
                }
                checkDistinct(name, arguments.get(0), arguments.get(1));
            }
            default -> {
                checkArity(name, arguments, 2);
                checkDistinct(name, arguments.get(0), arguments.get(1));
            }
        }
        return new Expressions.Function(name, List.copyOf(arguments));
    }

    private void checkArity(String function, List<Operand> arguments, int expected) {
        if (arguments.size() != expected) {
            throw failure("Incorrect number of operands for operator or function; operator or function: " + function
                    + ", number of operands: " + arguments.size());
        }
    }

    private DocPath requirePath(String function, Operand operand) {
        if (operand instanceof PathOperand p) {
            return p.path();
        }
        throw failure("Operator or function requires a document path; operator or function: " + function);
    }

    private void checkDistinct(String operator, Operand first, Operand second) {
        if (first instanceof PathOperand a && a.equals(second)) {
            throw failure("The first operand must be distinct from the remaining operands for this operator or "
                    + "function; operator: " + operator + ", first operand: "
                    + a.path().describe());
        }
    }

    private void checkBetweenBounds(Operand low, Operand high) {
        if (!(low instanceof ValueOperand l) || !(high instanceof ValueOperand h)) {
            return;
        }
        String bounds = "lower bound operand: AttributeValue: " + AttrValues.describe(l.value())
                + ", upper bound operand: AttributeValue: " + AttrValues.describe(h.value());
        if (!l.value().type().equals(h.value().type())) {
            throw failure("The BETWEEN operator requires same data type for lower and upper bounds; " + bounds);
        }
        if (AttrValue.isScalarKeyType(l.value()) && AttrValues.compare(l.value(), h.value()) > 0) {
            throw failure(
                    "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; " + bounds);
        }
    }

    private static boolean startsComparison(Token token) {
        return Comparator.of(token.kind()) != null || token.isKeyword("BETWEEN") || token.isKeyword("IN");
    }

    // ---- update expressions ----

    private Update parseUpdate() {
        List<SetAction> sets = null;
        List<DocPath> removes = null;
        List<AddAction> adds = null;
        List<DeleteAction> deletes = null;
        while (peek().kind() != Kind.EOF) {
            Token keyword = next();
            String section = keyword.kind() == Kind.IDENT ? keyword.text().toUpperCase(Locale.ROOT) : "";
            switch (section) {
                case "SET" -> sets = once(sets, section, () -> list(this::parseSetAction));
                case "REMOVE" -> removes = once(removes, section, () -> list(this::parsePath));
                case "ADD" ->
                    adds = once(adds, section, () -> list(() -> new AddAction(parsePath(), actionValue(section))));
                case "DELETE" ->
                    deletes = once(
                            deletes, section, () -> list(() -> new DeleteAction(parsePath(), actionValue(section))));
                default -> throw syntaxError(keyword);
            }
        }
        Update update = new Update(orEmpty(sets), orEmpty(removes), orEmpty(adds), orEmpty(deletes));
        checkOverlaps(update.paths());
        return update;
    }

    private <T> List<T> once(List<T> existing, String section, Supplier<List<T>> parse) {
        if (existing != null) {
            throw failure("The \"" + section + "\" section can only be used once in an update expression;");
        }
        return parse.get();
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    private SetAction parseSetAction() {
        DocPath path = parsePath();
        expect(Kind.EQ);
        return new SetAction(path, parseSetValue());
    }

    private Operand parseSetValue() {
        Operand left = parseUpdateOperand();
        Token operator = peek();
        if (operator.kind() == Kind.PLUS || operator.kind() == Kind.MINUS) {
            next();
            countOperator();
            Operand right = parseUpdateOperand();
            checkOperandType(operator.text(), left, "N");
            checkOperandType(operator.text(), right, "N");
            return new Arithmetic(left, operator.text().charAt(0), right);
        }
        return left;
    }

    private Operand parseUpdateOperand() {
        return operand(this::parseSetValue, this::parseUpdateFunction);
    }

    /**
     * An operand of a condition or of an update's SET value: a parenthesised {@code inner}, a value placeholder, a
     * path, or a function call (a name followed by a parenthesis), which each grammar parses by its own rules.
     */
    private Operand operand(Supplier<Operand> inner, Function<Token, Operand> function) {
        Token token = peek();
        switch (token.kind()) {
            case LPAREN -> {
                next();
                Operand parenthesised = inner.get();
                expect(Kind.RPAREN);
                return parenthesised;
            }
            case VALUE_REF -> {
                next();
                return new ValueOperand(token.text(), value(token));
            }
            case IDENT -> {
                return peekAt(1).kind() == Kind.LPAREN ? function.apply(token) : new PathOperand(parsePath());
            }
            case NAME_REF -> {
                return new PathOperand(parsePath());
            }
            default -> throw syntaxError(token);
        }
    }

    private Operand parseUpdateFunction(Token function) {
        String name = function.text();
        if (!name.equals("if_not_exists") && !name.equals("list_append")) {
            throw failure("Invalid function name; function: " + name);
        }
        next();
        countOperator();
        expect(Kind.LPAREN);
        List<Operand> arguments = list(this::parseUpdateOperand);
        expect(Kind.RPAREN);
        checkArity(name, arguments, 2);
        if (name.equals("if_not_exists")) {
            return new IfNotExists(requirePath(name, arguments.get(0)), arguments.get(1));
        }
        checkOperandType(name, arguments.get(0), "L");
        checkOperandType(name, arguments.get(1), "L");
        return new ListAppend(arguments.get(0), arguments.get(1));
    }

    private void checkOperandType(String function, Operand operand, String type) {
        if (operand instanceof ValueOperand v && !v.value().type().equals(type)) {
            throw failure("Incorrect operand type for operator or function; operator or function: " + function
                    + ", operand type: " + v.value().type());
        }
    }

    /** ADD takes a number or a set, DELETE a set; both take only a :value. */
    private AttrValue actionValue(String action) {
        Token token = next();
        if (token.kind() != Kind.VALUE_REF) {
            throw syntaxError(token);
        }
        AttrValue value = value(token);
        boolean allowed = AttrValue.isSet(value) || (action.equals("ADD") && value instanceof AttrValue.N);
        if (!allowed) {
            throw failure("Incorrect operand type for operator or function; operator: " + action + ", operand type: "
                    + OPERAND_TYPE_NAMES.getOrDefault(value.type(), value.type()));
        }
        return value;
    }

    private void checkOverlaps(List<DocPath> paths) {
        for (int i = 0; i < paths.size(); i++) {
            for (int j = i + 1; j < paths.size(); j++) {
                checkOverlap(paths.get(i), paths.get(j));
            }
        }
    }

    private void checkOverlap(DocPath one, DocPath two) {
        int common = Math.min(one.length(), two.length());
        for (int k = 0; k < common; k++) {
            DocPath.Element a = one.elements().get(k);
            DocPath.Element b = two.elements().get(k);
            if (a.getClass() != b.getClass()) {
                throw failure("Two document paths conflict with each other; must remove or rewrite one of these "
                        + "paths; path one: " + one.describe() + ", path two: " + two.describe());
            }
            if (!a.equals(b)) {
                return;
            }
        }
        throw failure("Two document paths overlap with each other; must remove or rewrite one of these paths; "
                + "path one: " + one.describe() + ", path two: " + two.describe());
    }

    // ---- document paths ----

    private DocPath parsePath() {
        List<DocPath.Element> elements = new ArrayList<>();
        elements.add(new DocPath.Name(pathName(next())));
        while (true) {
            if (accept(Kind.DOT)) {
                elements.add(new DocPath.Name(pathName(next())));
            } else if (accept(Kind.LBRACKET)) {
                Token index = next();
                if (index.kind() != Kind.NUMBER) {
                    throw syntaxError(index);
                }
                expect(Kind.RBRACKET);
                try {
                    elements.add(new DocPath.Index(Integer.parseInt(index.text())));
                } catch (NumberFormatException e) {
                    throw failure("List index is out of range; index: " + index.text());
                }
            } else {
                if (elements.size() > MAX_PATH_DEPTH) {
                    throw limitExceeded(
                            "The document path has too many nesting levels; nesting levels: " + elements.size());
                }
                return new DocPath(elements);
            }
        }
    }

    private String pathName(Token token) {
        if (token.kind() == Kind.NAME_REF) {
            try {
                return context.name(token.text());
            } catch (SemanticError e) {
                throw failure(e.getMessage());
            }
        }
        if (token.kind() == Kind.IDENT
                && !GRAMMAR_KEYWORDS.contains(token.text().toUpperCase(Locale.ROOT))) {
            if (ReservedWords.contains(token.text())) {
                throw failure("Attribute name is a reserved keyword; reserved keyword: " + token.text());
            }
            return token.text();
        }
        throw syntaxError(token);
    }

    private AttrValue value(Token token) {
        try {
            return context.value(token.text());
        } catch (SemanticError e) {
            throw failure(e.getMessage());
        }
    }

    // ---- token plumbing ----

    private <T> List<T> list(Supplier<T> element) {
        List<T> items = new ArrayList<>();
        do {
            items.add(element.get());
        } while (accept(Kind.COMMA));
        return items;
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token peekAt(int offset) {
        return tokens.get(Math.min(pos + offset, tokens.size() - 1));
    }

    private Token next() {
        Token token = tokens.get(pos);
        if (token.kind() != Kind.EOF) {
            pos++;
        }
        return token;
    }

    private boolean accept(Kind kind) {
        if (peek().kind() == kind) {
            pos++;
            return true;
        }
        return false;
    }

    private boolean acceptKeyword(String keyword) {
        if (peek().isKeyword(keyword)) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(Kind kind) {
        if (peek().kind() != kind) {
            throw syntaxError(peek());
        }
        next();
    }

    private Failure failure(String message) {
        return new Failure(message, pos);
    }

    private void countOperator() {
        if (++operators > MAX_OPERATORS) {
            throw limitExceeded("The expression contains too many operators; operator count: " + operators);
        }
    }

    /** A limit is not a syntax error: reported at once, never replaced by a backtracking alternative's error. */
    private DynamoDbError limitExceeded(String message) {
        return DynamoDbError.validation("Invalid " + label + ": " + message);
    }

    private Failure syntaxError(Token token) {
        int index = tokens.indexOf(token);
        int from = index > 0 ? tokens.get(index - 1).start() : token.start();
        int to = index + 1 < tokens.size() ? tokens.get(index + 1).end() : token.end();
        return new Failure(
                "Syntax error; token: \"" + token.text() + "\", near: \"" + source.substring(from, Math.max(from, to))
                        + "\"",
                index);
    }
}
