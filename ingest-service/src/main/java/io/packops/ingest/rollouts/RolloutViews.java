package io.packops.ingest.rollouts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;

/** Request and response bodies of staged rollouts. */
public final class RolloutViews {

    private RolloutViews() {
    }

    /** The analysis thresholds of a rollout. */
    @RegisterForReflection
    public record Analysis(double maxFailureRate, double maxRatioToStable, int minInstalls) {
    }

    /**
     * The body of {@code POST /v1/packs/{pack}/versions/{version}/rollout} as the API describes it; RolloutSpecReader
     * reads it field by field (to name every error at once) into a RolloutSpec. Only steps and stepMinutes are required.
     */
    @RegisterForReflection
    public record StartRequest(List<Integer> steps, int stepMinutes, Analysis analysis, Cohort cohort, String reason) {
    }

    /** Which accounts take part; null = every account of the pack. */
    @RegisterForReflection
    public record Cohort(List<String> warehouses) {
    }

    /**
     * A rollout: the canary version, the stable version accounts outside the canary get (live while it runs,
     * the one served when it ended afterwards), the state and step, and (in GET /v1/rollouts/{id}) its timeline.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RolloutView(long id, String pack, String connector, String canaryVersion, String stableVersion,
                              String state, int step, int stepIndex, List<Integer> steps, int stepMinutes,
                              Analysis analysis, Cohort cohort, Instant createdAt, String createdBy,
                              Instant stepStartedAt, Instant updatedAt, Instant endedAt, Instant lastAnalysisAt,
                              JsonNode lastAnalysis, List<TimelineEntry> timeline) {
    }

    /**
     * One timeline entry. {@code kind}: started, paused, resumed, advanced, held, promoted, aborted. Analysis
     * decisions carry the {@code check} that drove them and its {@code metrics}; consecutive holds for the same
     * check are one entry ({@code repeats}, {@code lastAt}, the latest metrics).
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TimelineEntry(Instant at, Instant lastAt, Integer repeats, String kind, String actor, String reason,
                                String check, Integer fromStep, Integer toStep, JsonNode metrics) {
    }

    /**
     * GET /v1/packs/{pack}/release?account=: the version this account should install now. {@code track} is
     * canary or stable while a rollout runs (absent otherwise); {@code bucket} is the account's 0-99 bucket.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AccountRelease(String pack, String connector, String account, String warehouse, String servedVersion,
                                 int bucket, String track, AccountRollout rollout) {
    }

    /** The running rollout as one account sees it. */
    @RegisterForReflection
    public record AccountRollout(long id, String state, int step, String canaryVersion, String stableVersion,
                                 boolean inCohort) {
    }

    /** pause, resume, promote, abort: who is the bearer token, why is this. */
    @RegisterForReflection
    public record ActionRequest(
            @NotBlank(message = "a reason is required: say why") @Size(max = 500, message = "at most 500 characters")
            String reason) {
    }

    /**
     * POST /v1/rollouts/{id}/analysis: a decision of the canary analysis with the numbers behind it.
     * {@code fromStep} is the step the analysis looked at: a rollout that moved meanwhile answers 409.
     */
    @RegisterForReflection
    public record AnalysisDecision(
            @NotNull(message = "decision is required: advance, hold or abort")
            @Pattern(regexp = "advance|hold|abort", message = "must be advance, hold or abort") String decision,
            @NotNull(message = "fromStep is required: the step the analysis looked at") Integer fromStep,
            @NotBlank(message = "check is required, e.g. install-failure-rate or too-few-installs")
            @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,63}", message = "a lower-case name such as too-few-installs") String check,
            @NotBlank(message = "a reason is required") @Size(max = 2000, message = "at most 2000 characters") String reason,
            JsonNode metrics) {
    }
}
