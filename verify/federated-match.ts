// Does a federated token match one of the app's federated credentials, and if not, why — said the
// way a person fixes it ("the job runs in environment staging; the credential trusts production").
// Pure. Entra matches exactly and case-sensitively: the issuer first, then the subject among the
// credentials of that issuer, then the audience (docs: workload-identity-federation-considerations;
// the AADSTS700211/700213/700212 codes name them in that order).
import type { FederatedClaims } from "./federated-claims.ts";
import type { FederatedCredentialOutput } from "./types.ts";

export type FederatedMismatch = {
  kind: "mismatch";
  claim: "iss" | "sub" | "aud";
  /** What the token has. */
  actual: string;
  /** What the credentials that got this far expect, and their names. */
  expected: string[];
  credentials: string[];
  /** The verify code for it. */
  code: "ERR_FEDERATED_ISSUER_MISMATCH" | "ERR_FEDERATED_SUBJECT_MISMATCH" | "ERR_FEDERATED_AUDIENCE_MISMATCH";
  /** One line: which claim, the token's value, the expected value(s). */
  detail: string;
  fix: string;
};

export type FederatedMatch = { kind: "match"; name: string } | FederatedMismatch;

/** A subject as the platform that issued it means it. */
export type SubjectMeaning =
  | { platform: "github"; repo: string; selector: "environment" | "branch" | "tag"; value: string }
  | { platform: "github"; repo: string; selector: "pullRequest" }
  | { platform: "kubernetes"; namespace: string; serviceAccount: string }
  | { platform: "other" };

/** GitHub Actions and Kubernetes service account subjects, as the platforms issue them. */
export function subjectMeaning(subject: string): SubjectMeaning {
  const github = /^repo:([^:]+\/[^:]+):(.+)$/.exec(subject);
  if (github) {
    const [, repo = "", rest = ""] = github;
    if (rest === "pull_request") return { platform: "github", repo, selector: "pullRequest" };
    const selector = /^environment:(.+)$/.exec(rest) ? "environment" : rest.startsWith("ref:refs/heads/") ? "branch" : rest.startsWith("ref:refs/tags/") ? "tag" : undefined;
    if (selector === "environment") return { platform: "github", repo, selector, value: rest.slice("environment:".length) };
    if (selector === "branch") return { platform: "github", repo, selector, value: rest.slice("ref:refs/heads/".length) };
    if (selector === "tag") return { platform: "github", repo, selector, value: rest.slice("ref:refs/tags/".length) };
  }
  const k8s = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(subject);
  if (k8s) return { platform: "kubernetes", namespace: k8s[1] ?? "", serviceAccount: k8s[2] ?? "" };
  return { platform: "other" };
}

const q = (value: string): string => JSON.stringify(value);

/** Where the workload runs, after "runs": "in environment staging of contoso/app", "as service account …". */
function phrase(meaning: SubjectMeaning, subject: string, withRepo = true): string {
  switch (meaning.platform) {
    case "github": {
      const of = withRepo ? ` of ${meaning.repo}` : "";
      if (meaning.selector === "pullRequest") return `for a pull request${of}`;
      return `${meaning.selector === "environment" ? "in environment" : meaning.selector === "branch" ? "on branch" : "for tag"} ${meaning.value}${of}`;
    }
    case "kubernetes":
      return `as service account ${meaning.serviceAccount} in namespace ${meaning.namespace}`;
    case "other":
      return `with subject ${q(subject)}`;
  }
}

/** The federatedCredentials config item that trusts exactly this subject. */
function configFor(meaning: SubjectMeaning, subject: string, issuer: string): string {
  switch (meaning.platform) {
    case "github":
      return meaning.selector === "pullRequest" ? `{github: ${q(meaning.repo)}, pullRequest: true}` : `{github: ${q(meaning.repo)}, ${meaning.selector}: ${q(meaning.value)}}`;
    case "kubernetes":
      return `{kubernetes: {issuer: ${q(issuer)}, namespace: ${q(meaning.namespace)}, serviceAccount: ${q(meaning.serviceAccount)}}}`;
    case "other":
      return `{issuer: ${q(issuer)}, subject: ${q(subject)}}`;
  }
}

const list = (values: readonly string[]): string => values.map(q).join(" or ");
const named = (names: readonly string[]): string => `credential${names.length === 1 ? "" : "s"} ${names.map((n) => `'${n}'`).join(", ")}`;

function subjectFix(actual: string, expected: readonly string[], names: readonly string[], issuer: string): string {
  const caseTwin = expected.find((subject) => subject !== actual && subject.toLowerCase() === actual.toLowerCase());
  if (caseTwin !== undefined) {
    return `The subject differs from ${q(caseTwin)} only in letter case, and Entra compares subjects case-sensitively: write the owner, repository and environment (or namespace and service account) in the credential exactly as the token has them, ${q(actual)}, and run \`pulumi up\`.`;
  }
  const token = subjectMeaning(actual);
  const trusted = expected.map((subject) => ({ subject, meaning: subjectMeaning(subject) }));
  const who = token.platform === "github" ? "The job" : token.platform === "kubernetes" ? "The pod" : "The workload";
  const add = `Add a federated credential for it (federatedCredentials: - ${configFor(token, actual, issuer)}) and run \`pulumi up\``;
  // Where the workload could run instead: only when every trusted subject is the same kind of place.
  const sameKind = trusted.every(({ meaning }) => token.platform === "github"
    ? meaning.platform === "github" && meaning.repo === token.repo && meaning.selector === token.selector && token.selector !== "pullRequest"
    : token.platform === "kubernetes" && meaning.platform === "kubernetes");
  const instead = sameKind ? `, or run ${token.platform === "github" ? "the job" : "the pod"} ${trusted.map(({ meaning, subject }) => phrase(meaning, subject, false)).join(" or ")}` : "";
  const whom = ({ meaning, subject }: { meaning: SubjectMeaning; subject: string }): string =>
    meaning.platform === "github" ? `jobs ${phrase(meaning, subject)}` : meaning.platform === "kubernetes" ? `pods that run ${phrase(meaning, subject)}` : `subject ${q(subject)}`;
  return `${who} runs ${phrase(token, actual)}; ${named(names)} trust${names.length === 1 ? "s" : ""} ${trusted.map(whom).join(" or ")}. ${add}${instead}.`;
}

/** Compares a token's claims with the credentials, in Entra's order. */
export function matchFederatedCredentials(claims: FederatedClaims, credentials: Readonly<Record<string, FederatedCredentialOutput>>): FederatedMatch {
  const all = Object.entries(credentials);
  const sameIssuer = all.filter(([, c]) => c.issuer === claims.iss);
  if (sameIssuer.length === 0) {
    const issuers = [...new Set(all.map(([, c]) => c.issuer))];
    const slashOnly = issuers.find((iss) => iss.replace(/\/+$/, "") === claims.iss.replace(/\/+$/, ""));
    return {
      kind: "mismatch", claim: "iss", actual: claims.iss, expected: issuers, credentials: all.map(([name]) => name), code: "ERR_FEDERATED_ISSUER_MISMATCH",
      detail: `iss is ${q(claims.iss)}; the credentials trust ${issuers.length > 0 ? list(issuers) : "no issuer"}`,
      fix: slashOnly !== undefined
        ? `The issuers differ only in a trailing slash, and Entra compares them exactly: set the credential's issuer to ${q(claims.iss)} (as the token has it) and run \`pulumi up\`.`
        : `Entra compares issuers exactly. Add a federated credential for issuer ${q(claims.iss)} (federatedCredentials: - ${configFor(subjectMeaning(claims.sub), claims.sub, claims.iss)}) and run \`pulumi up\`, or use a token of the trusted issuer${issuers.length === 1 ? "" : "s"}.`,
    };
  }
  const sameSubject = sameIssuer.filter(([, c]) => c.subject === claims.sub);
  if (sameSubject.length === 0) {
    const subjects = [...new Set(sameIssuer.map(([, c]) => c.subject))];
    const names = sameIssuer.map(([name]) => name);
    return {
      kind: "mismatch", claim: "sub", actual: claims.sub, expected: subjects, credentials: names, code: "ERR_FEDERATED_SUBJECT_MISMATCH",
      detail: `sub is ${q(claims.sub)}; ${named(names)} of issuer ${q(claims.iss)} expect${names.length === 1 ? "s" : ""} ${list(subjects)}`,
      fix: subjectFix(claims.sub, subjects, names, claims.iss),
    };
  }
  const matched = sameSubject.find(([, c]) => c.audiences.some((audience) => claims.aud.includes(audience)));
  if (matched) return { kind: "match", name: matched[0] };
  const audiences = [...new Set(sameSubject.flatMap(([, c]) => c.audiences))];
  const names = sameSubject.map(([name]) => name);
  return {
    kind: "mismatch", claim: "aud", actual: claims.aud.join(", "), expected: audiences, credentials: names, code: "ERR_FEDERATED_AUDIENCE_MISMATCH",
    detail: `aud is ${list(claims.aud)}; ${named(names)} accept${names.length === 1 ? "s" : ""} ${list(audiences)}`,
    fix: `Get the token for audience ${list(audiences)}: --github-oidc asks GitHub for it when the outputs' federated credentials have exactly one audience; a Kubernetes projected token takes it from the pod's serviceAccountToken volume (audience: ${q(audiences[0] ?? "")}); or add ${list(claims.aud)} to the credential's audiences and run \`pulumi up\`.`,
  };
}

/** One sentence for the report: what the token claims (never the token). */
export function describeFederatedClaims(claims: FederatedClaims): string {
  return `iss ${q(claims.iss)}, sub ${q(claims.sub)}, aud ${list(claims.aud)}${claims.exp !== undefined ? `, expires ${new Date(claims.exp * 1000).toISOString()}` : ""}`;
}
