package dev.timetracker.adapters.auth;

import dev.timetracker.domain.access.LoginName;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The claims that make a login name belong to one account. An admin user's username is claimed in the auth
 * table, an employee's email in the employees table, each folded as login folds names; login looks a name up
 * in both. To make the two one namespace, every transaction that claims a name in one table also checks that
 * the other table holds no claim of it. DynamoDB runs transactions serializably and a ConditionCheck takes part
 * in conflict detection like a write, so of two accounts claiming one name at once only one can succeed
 * ("Isolation levels for DynamoDB transactions" and "Transaction conflict handling":
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html).
 */
public final class LoginNameClaims {
    private LoginNameClaims() {}

    /** The auth table's claim of an admin user's username. */
    public static Map<String, AttributeValue> usernameClaimKey(String loginName) {
        return Map.of(
                "pk",
                AttributeValue.fromS("USERNAME#" + LoginName.key(loginName)),
                "sk",
                AttributeValue.fromS("CLAIM"));
    }

    /** The employees table's claim of an employee's email address. */
    public static Map<String, AttributeValue> emailClaimKey(String loginName) {
        return Map.of(
                "pk", AttributeValue.fromS("EMAIL#" + LoginName.key(loginName)), "sk", AttributeValue.fromS("EMAIL"));
    }

    /** For a transaction that claims an email: no admin user has this name as their username. */
    public static TransactWriteItem noUsernameClaim(String authTable, String loginName) {
        return unclaimed(authTable, usernameClaimKey(loginName));
    }

    /** For a transaction that claims a username: no employee has this name as their email. */
    public static TransactWriteItem noEmailClaim(String employeesTable, String loginName) {
        return unclaimed(employeesTable, emailClaimKey(loginName));
    }

    private static TransactWriteItem unclaimed(String table, Map<String, AttributeValue> key) {
        return TransactWriteItem.builder()
                .conditionCheck(ConditionCheck.builder()
                        .tableName(table)
                        .key(key)
                        .conditionExpression("attribute_not_exists(pk)")
                        .build())
                .build();
    }
}
