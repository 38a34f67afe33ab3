package dev.timetracker.adapters.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One published set of public keys, by key id. A set holds the current key and, during a rotation, the next or
 * the previous one too, so tokens signed before the rotation keep working until they expire. Only P-256 EC keys
 * are accepted: we sign with ES256 and nothing else.
 */
public final class TokenKeySet implements TokenKeys {
    private final Map<String, ECPublicKey> keys;

    private TokenKeySet(Map<String, ECPublicKey> keys) {
        this.keys = Map.copyOf(keys);
    }

    /** A JWK Set in JSON. */
    public static TokenKeySet parse(String jwkSetJson) {
        try {
            Map<String, ECPublicKey> keys = new HashMap<>();
            for (JWK jwk : JWKSet.parse(jwkSetJson).getKeys()) {
                if (!(jwk instanceof ECKey ec)
                        || ec.getKeyID() == null
                        || !ECKey.class.isInstance(jwk)
                        || !com.nimbusds.jose.jwk.Curve.P_256.equals(ec.getCurve())) {
                    throw new IllegalStateException("Token keys must be P-256 EC keys with a key id");
                }
                keys.put(ec.getKeyID(), ec.toECPublicKey());
            }
            if (keys.isEmpty()) {
                throw new IllegalStateException("The token key set is empty");
            }
            return new TokenKeySet(keys);
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("The public token keys are not a valid JWK Set", e);
        }
    }

    public Optional<ECPublicKey> key(String keyId) {
        return Optional.ofNullable(keyId == null ? null : keys.get(keyId));
    }

    @Override
    public Optional<ECPublicKey> key(String keyId, Instant now) {
        return key(keyId);
    }
}
