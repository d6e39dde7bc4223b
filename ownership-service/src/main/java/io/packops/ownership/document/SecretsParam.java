package io.packops.ownership.document;

import io.packops.ownership.document.SecretResolver.View;
import io.packops.servicekit.problem.Problem;
import io.packops.servicekit.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;

import java.util.List;

/** The {@code resolveSecrets} query parameter of the endpoints that show a team's routes. */
public final class SecretsParam {

    private SecretsParam() {
    }

    /** The secret view a caller asked for: {@code resolveSecrets=true} needs operator, admin or peer (else 403). */
    public static View view(SecurityIdentity identity, String resolveSecrets) {
        boolean resolve;
        if (resolveSecrets == null || resolveSecrets.isEmpty() || resolveSecrets.equalsIgnoreCase("false")) {
            resolve = false;
        } else if (resolveSecrets.equalsIgnoreCase("true")) {
            resolve = true;
        } else {
            throw ProblemException.badRequest("invalid resolveSecrets",
                    List.of(new Problem.FieldError("resolveSecrets", "must be true or false")));
        }
        View view = View.of(identity, resolve);
        if (resolve && view == View.REDACTED) {
            throw new ProblemException(403, "Forbidden",
                    "resolveSecrets=true needs role operator, admin or peer; agents see that a route exists, never its value");
        }
        return view;
    }
}
