package dev.samplehost.server.rest;

import dev.samplehost.api.Permission;
import dev.samplehost.server.domain.PullRequest;
import dev.samplehost.server.domain.Review;
import dev.samplehost.server.domain.ReviewRequest;
import dev.samplehost.server.domain.ReviewState;
import dev.samplehost.server.service.PullReviews;
import dev.samplehost.server.service.PullService;
import dev.samplehost.server.service.RepoService;
import dev.samplehost.server.service.UserService;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Pull request reviews and review requests: {@code /repos/{o}/{r}/pulls/{index}/reviews|requested_reviewers}. */
@Singleton
public final class ReviewsApi implements ApiResource {

  private final PullService pulls;
  private final PullReviews reviews;
  private final RepoService repos;
  private final UserService users;
  private final RepoLookup lookup;
  private final ApiConverter convert;

  @Inject
  ReviewsApi(PullService pulls, PullReviews reviews, RepoService repos, UserService users, RepoLookup lookup,
      ApiConverter convert) {
    this.pulls = pulls;
    this.reviews = reviews;
    this.repos = repos;
    this.users = users;
    this.lookup = lookup;
    this.convert = convert;
  }

  @Override
  public void register(Router router) {
    router.add("GET", "/repos/{owner}/{repo}/pulls/{index}/reviews", this::list)
        .add("POST", "/repos/{owner}/{repo}/pulls/{index}/reviews", this::create)
        .add("GET", "/repos/{owner}/{repo}/pulls/{index}/reviews/{id}", this::getOne)
        .add("POST", "/repos/{owner}/{repo}/pulls/{index}/requested_reviewers", this::request)
        .add("DELETE", "/repos/{owner}/{repo}/pulls/{index}/requested_reviewers", this::withdraw);
  }

  private ApiResult list(ApiCall call) {
    RepoLookup.RepoView view = lookup.readable(call);
    PullRequest pr = pull(view, call);
    String login = call.login();
    List<PullReviewJson> out = new ArrayList<>();
    for (Review review : reviews.reviews(view.repo(), pr.number())) {
      // Gitea shows a PENDING review only to its author.
      if (review.state() == ReviewState.PENDING
          && (login == null || !review.reviewer().login().equalsIgnoreCase(login))) {
        continue;
      }
      out.add(json(review, view, pr, login));
    }
    for (ReviewRequest request : reviews.requestedReviewers(view.repo(), pr.number())) {
      out.add(convert.reviewRequest(request, view.repo(), login));
    }
    return Paging.of(call).answer(call, out, false);
  }

  private ApiResult create(ApiCall call) {
    String login = call.requireLogin();
    RepoLookup.RepoView view = lookup.readable(call);
    PullRequest pr = pull(view, call);
    ApiOptions.CreateReview option = call.body(ApiOptions.CreateReview.class);
    ReviewState state = state(option.event());
    String body = option.body() == null ? "" : option.body();
    if (state == ReviewState.COMMENT && body.isBlank() && option.comments() != null && !option.comments().isEmpty()) {
      // Inline comments are not stored by this host; keep their text in the review body.
      StringBuilder text = new StringBuilder();
      option.comments().forEach(c -> text.append(c.path() == null ? "" : c.path() + ": ")
          .append(c.body() == null ? "" : c.body()).append('\n'));
      body = text.toString().trim();
    }
    Review review = reviews.submitReview(users.get(login), view.repo(), pr.number(), state, body, option.commitId());
    return ApiResult.ok(json(review, view, pulls.get(view.repo(), pr.number()), login));
  }

  private ApiResult getOne(ApiCall call) {
    RepoLookup.RepoView view = lookup.readable(call);
    PullRequest pr = pull(view, call);
    Review review = reviews.review(view.repo(), pr.number(), call.longParam("id"));
    if (review.state() == ReviewState.PENDING
        && (call.login() == null || !review.reviewer().login().equalsIgnoreCase(call.login()))) {
      throw ApiException.notFound();
    }
    return ApiResult.ok(json(review, view, pr, call.login()));
  }

  private ApiResult request(ApiCall call) {
    String login = call.requireLogin();
    RepoLookup.RepoView view = lookup.readable(call);
    PullRequest pr = pull(view, call);
    requireRequester(view, pr, login);
    ApiOptions.ReviewRequests option = call.body(ApiOptions.ReviewRequests.class);
    if (option.teamReviewers() != null && !option.teamReviewers().isEmpty()) {
      throw ApiException.unprocessable("team reviewers are not supported by this host");
    }
    List<ReviewRequest> requests = reviews.requestReviewers(users.get(login), view.repo(), pr.number(),
        option.reviewers() == null ? List.of() : option.reviewers());
    return ApiResult.created(requests.stream().map(r -> convert.reviewRequest(r, view.repo(), login)).toList());
  }

  private ApiResult withdraw(ApiCall call) {
    String login = call.requireLogin();
    RepoLookup.RepoView view = lookup.readable(call);
    PullRequest pr = pull(view, call);
    requireRequester(view, pr, login);
    ApiOptions.ReviewRequests option = call.body(ApiOptions.ReviewRequests.class);
    reviews.removeReviewRequests(users.get(login), view.repo(), pr.number(),
        option.reviewers() == null ? List.of() : option.reviewers());
    return ApiResult.noContent();
  }

  private void requireRequester(RepoLookup.RepoView view, PullRequest pr, String login) {
    if (!view.permission().atLeast(Permission.WRITE) && !pr.issue().author().login().equalsIgnoreCase(login)) {
      throw ApiException.forbidden("only the poster or a writer may change review requests");
    }
  }

  private PullReviewJson json(Review review, RepoLookup.RepoView view, PullRequest pr, String viewer) {
    boolean official = repos.permission(review.reviewer().login(), view.repo()).atLeast(Permission.WRITE);
    return convert.review(review, view.repo(), viewer, official, pr.headSha());
  }

  private PullRequest pull(RepoLookup.RepoView view, ApiCall call) {
    return pulls.find(view.repo(), call.longParam("index")).orElseThrow(ApiException::notFound);
  }

  /** Gitea's ReviewStateType; a missing or unknown event makes a PENDING review. */
  static ReviewState state(String event) {
    if (event == null) {
      return ReviewState.PENDING;
    }
    return switch (event.trim().toUpperCase(Locale.ROOT)) {
      case "APPROVED" -> ReviewState.APPROVED;
      case "REQUEST_CHANGES" -> ReviewState.REQUEST_CHANGES;
      case "COMMENT" -> ReviewState.COMMENT;
      default -> ReviewState.PENDING;
    };
  }
}
