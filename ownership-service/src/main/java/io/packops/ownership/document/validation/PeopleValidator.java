package io.packops.ownership.document.validation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static io.packops.ownership.document.validation.Checks.at;

/** {@code people}: ids, names, e-mail, team, time zone, phone. */
final class PeopleValidator implements SectionValidator {

    private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 ().-]{5,30}");
    private static final List<String> PERSON_FIELDS = List.of("id", "name", "email", "team", "timezone", "phone");

    @Override
    public void validate(Checks c) {
        Map<String, String> seen = new HashMap<>();
        c.forEachObject(c.section("people"), "people", "a person", (person, path) -> {
            c.fields(person, path, PERSON_FIELDS);
            c.id(person, path, seen);
            c.text(person, path, "name", true);
            c.email(person, path, "email");
            c.reference(person, path, "team", false, c.teams, "team");
            c.zone(person, path, false);
            String phone = c.text(person, path, "phone", false);
            if (phone != null && !PHONE.matcher(phone).matches()) {
                c.error(at(path, "phone"), "must be a phone number like +34 600 000 000");
            }
        });
    }
}
