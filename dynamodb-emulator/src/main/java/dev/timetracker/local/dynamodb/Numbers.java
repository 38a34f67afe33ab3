package dev.timetracker.local.dynamodb;

import java.math.BigDecimal;

/** DynamoDB numbers: up to 38 significant digits, magnitude between 1E-130 and 9.99E+125. */
final class Numbers {
    private Numbers() {}

    static BigDecimal parse(String text) {
        BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw DynamoDbError.validation("A value provided cannot be converted into a number");
        }
        return checkRange(value);
    }

    static BigDecimal checkRange(BigDecimal value) {
        BigDecimal n = AttrValue.normalize(value);
        if (n.signum() == 0) {
            return n;
        }
        if (n.precision() > 38) {
            throw DynamoDbError.validation("Attempting to store more than 38 significant digits in a Number");
        }
        long exponent = (long) n.precision() - n.scale() - 1;
        if (exponent > 125) {
            throw DynamoDbError.validation(
                    "Number overflow. Attempting to store a number with magnitude larger than supported range");
        }
        if (exponent < -130) {
            throw DynamoDbError.validation(
                    "Number underflow. Attempting to store a number with magnitude smaller than supported range");
        }
        return n;
    }
}
