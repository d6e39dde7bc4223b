package io.packops.compat.schema;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TypeFamiliesTest {

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # warehouse  | type spelling                          | family
            snowflake    | VARCHAR                                | string
            snowflake    | VARCHAR(16777216)                      | string
            snowflake    | TEXT                                   | string
            snowflake    | STRING                                 | string
            snowflake    | CHAR(1)                                | string
            snowflake    | NUMBER(38,0)                           | integer
            snowflake    | NUMBER(38, 0)                          | integer
            snowflake    | NUMBER(18)                             | integer
            snowflake    | NUMBER(38,2)                           | numeric
            snowflake    | NUMBER                                 | numeric
            snowflake    | DECIMAL(10,0)                          | integer
            snowflake    | INT                                    | integer
            snowflake    | BYTEINT                                | integer
            snowflake    | FLOAT                                  | float
            snowflake    | DOUBLE                                 | float
            snowflake    | REAL                                   | float
            snowflake    | BOOLEAN                                | boolean
            snowflake    | TIMESTAMP_NTZ                          | timestamp
            snowflake    | TIMESTAMP_NTZ(9)                       | timestamp
            snowflake    | TIMESTAMP_LTZ(9)                       | timestamp
            snowflake    | TIMESTAMP_TZ                           | timestamp
            snowflake    | DATETIME                               | timestamp
            snowflake    | DATE                                   | date
            snowflake    | TIME                                   | unknown
            snowflake    | VARIANT                                | json
            snowflake    | OBJECT                                 | json
            snowflake    | ARRAY                                  | array
            snowflake    | BINARY                                 | unknown
            snowflake    | GEOGRAPHY                              | unknown
            bigquery     | STRING                                 | string
            bigquery     | STRING(255)                            | string
            bigquery     | INT64                                  | integer
            bigquery     | INTEGER                                | integer
            bigquery     | FLOAT64                                | float
            bigquery     | NUMERIC                                | numeric
            bigquery     | NUMERIC(10,2)                          | numeric
            bigquery     | BIGNUMERIC                             | numeric
            bigquery     | BIGNUMERIC(76, 38)                     | numeric
            bigquery     | BOOL                                   | boolean
            bigquery     | TIMESTAMP                              | timestamp
            bigquery     | DATETIME                               | timestamp
            bigquery     | DATE                                   | date
            bigquery     | TIME                                   | unknown
            bigquery     | JSON                                   | json
            bigquery     | STRUCT<id INT64, name STRING>          | json
            bigquery     | RECORD                                 | json
            bigquery     | ARRAY<STRING>                          | array
            bigquery     | ARRAY<STRUCT<a INT64, b ARRAY<INT64>>> | array
            bigquery     | BYTES                                  | unknown
            bigquery     | GEOGRAPHY                              | unknown
            bigquery     | INTERVAL                               | unknown
            redshift     | character varying(256)                 | string
            redshift     | character(10)                          | string
            redshift     | nvarchar(50)                           | string
            redshift     | bpchar                                 | string
            redshift     | smallint                               | integer
            redshift     | integer                                | integer
            redshift     | bigint                                 | integer
            redshift     | int2                                   | integer
            redshift     | int4                                   | integer
            redshift     | int8                                   | integer
            redshift     | numeric(18,0)                          | integer
            redshift     | numeric(28,6)                          | numeric
            redshift     | double precision                       | float
            redshift     | float4                                 | float
            redshift     | float8                                 | float
            redshift     | bool                                   | boolean
            redshift     | timestamp without time zone            | timestamp
            redshift     | timestamp with time zone               | timestamp
            redshift     | timestamptz                            | timestamp
            redshift     | timetz                                 | unknown
            redshift     | super                                  | json
            redshift     | varbyte(64)                            | unknown
            redshift     | geometry                               | unknown
            databricks   | string                                 | string
            databricks   | int                                    | integer
            databricks   | tinyint                                | integer
            databricks   | long                                   | integer
            databricks   | decimal(10,2)                          | numeric
            databricks   | decimal(10,0)                          | integer
            databricks   | decimal                                | numeric
            databricks   | double                                 | float
            databricks   | float                                  | float
            databricks   | boolean                                | boolean
            databricks   | timestamp                              | timestamp
            databricks   | timestamp_ntz                          | timestamp
            databricks   | date                                   | date
            databricks   | array<string>                          | array
            databricks   | map<string,int>                        | json
            databricks   | struct<a:int,b:string>                 | json
            databricks   | binary                                 | unknown
            databricks   | interval day to second                 | unknown
            postgres     | text                                   | string
            postgres     | character varying                      | string
            postgres     | character varying(100)                 | string
            postgres     | char(3)                                | string
            postgres     | citext                                 | string
            postgres     | uuid                                   | string
            postgres     | name                                   | string
            postgres     | integer                                | integer
            postgres     | serial                                 | integer
            postgres     | bigserial                              | integer
            postgres     | numeric                                | numeric
            postgres     | numeric(12)                            | integer
            postgres     | numeric(12,2)                          | numeric
            postgres     | money                                  | numeric
            postgres     | real                                   | float
            postgres     | float(53)                              | float
            postgres     | boolean                                | boolean
            postgres     | timestamp(6) without time zone         | timestamp
            postgres     | timestamp(3) with time zone            | timestamp
            postgres     | date                                   | date
            postgres     | time without time zone                 | unknown
            postgres     | interval                               | unknown
            postgres     | json                                   | json
            postgres     | jsonb                                  | json
            postgres     | bigint[]                               | array
            postgres     | text[]                                 | array
            postgres     | character varying(10)[]                | array
            postgres     | integer[3]                             | array
            postgres     | integer ARRAY                          | array
            postgres     | bytea                                  | unknown
            postgres     | USER-DEFINED                           | unknown
            """)
    void mapsWarehouseSpellingToFamily(String warehouse, String type, String family) {
        assertThat(TypeFamilies.familyOf(type).wireName()).isEqualTo(family);
    }

    @ParameterizedTest
    @ValueSource(strings = {"  Character   Varying ( 100 ) ", "\tTEXT\n", "VarChar", "\"char\""})
    void ignoresCaseWhitespaceAndQuotes(String type) {
        assertThat(TypeFamilies.familyOf(type)).isEqualTo(TypeFamily.STRING);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "unknown", "UNKNOWN"})
    void missingTypeIsUnknown(String type) {
        assertThat(TypeFamilies.familyOf(type)).isEqualTo(TypeFamily.UNKNOWN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"(", ")", "<<>", "NUMBER(", "NUMBER(,)", "NUMBER(38,", "decimal(a,b)", "[]", "[",
            "]", "integer)(", "\u0000", "numeric(\u0663)"})
    void neverThrowsOnGarbage(String type) {
        assertThat(TypeFamilies.familyOf(type)).isNotNull();
    }

    @Test
    void scaleZeroOnlyCountsWhenDeclared() {
        assertThat(TypeFamilies.familyOf("NUMBER(38,0)")).isEqualTo(TypeFamily.INTEGER);
        assertThat(TypeFamilies.familyOf("NUMBER(38,00)")).isEqualTo(TypeFamily.INTEGER);
        assertThat(TypeFamilies.familyOf("NUMBER(38,1)")).isEqualTo(TypeFamily.NUMERIC);
        assertThat(TypeFamilies.familyOf("numeric")).isEqualTo(TypeFamily.NUMERIC);
    }

    @Test
    void longInputIsHandled() {
        assertThat(TypeFamilies.familyOf("varchar(" + "9".repeat(100_000) + ")")).isEqualTo(TypeFamily.STRING);
        assertThat(TypeFamilies.familyOf("(".repeat(100_000))).isEqualTo(TypeFamily.UNKNOWN);
    }
}
