#!/usr/bin/env bash
# shellcheck disable=SC2016  # backticks in printf formats are Markdown, not command substitution
# The steps of the policygen GitHub Action, kept here so they run (and are tested) anywhere.
#
#   policygen-ci.sh check      check (and lint) every answers file; fail on problems
#   policygen-ci.sh build      build the chosen formats, one folder per answers file
#   policygen-ci.sh pr         what changes for staff and the redline against the base revision,
#                              into the job summary and a pull-request comment body
#   policygen-ci.sh comment    post that body as one pull-request comment, updated on each push
#   policygen-ci.sh reminder   open (or update) one issue when a policy review is due
#
# Settings come from the environment, so the action passes its inputs unchanged:
#   POLICYGEN            the policygen command (default: policygen)
#   POLICYGEN_FILES      answers files: globs separated by spaces or new lines (default **/policy.yaml)
#   POLICYGEN_FORMATS    formats to build (default md,html,pdf)
#   POLICYGEN_LIBRARY    the agency's own clause folders, separated by spaces or new lines
#   POLICYGEN_FAIL_ON_LINT   true: lint findings fail the check step too (default false)
#   POLICYGEN_OUTPUT     folder for built documents (default policygen-out)
#   POLICYGEN_BASE       base revision of a pull request, e.g. origin/main (pr)
#   POLICYGEN_PYTHON     the Python that runs policygen, to read the policy owner (default python3)
#   POLICYGEN_TODAY      check as if today were this date (reminder; default today)
#   POLICYGEN_BODY       where `pr` writes the comment body (default $RUNNER_TEMP or /tmp)
#   POLICYGEN_COMMENT_FILE   comment/reminder write the text here instead of calling GitHub
#   GITHUB_STEP_SUMMARY  the job summary file (appended to when set)
#   GITHUB_REPOSITORY, PR_NUMBER, GH_TOKEN   for comment and reminder on GitHub (gh CLI)
set -uo pipefail

marker='<!-- policygen-pr-summary -->'
reminder_title='Social-media policy needs attention'
policygen=${POLICYGEN:-policygen}
formats=${POLICYGEN_FORMATS:-md,html,pdf}
output=${POLICYGEN_OUTPUT:-policygen-out}
body=${POLICYGEN_BODY:-${RUNNER_TEMP:-/tmp}/policygen-pr-comment.md}
summary=${GITHUB_STEP_SUMMARY:-/dev/null}

die() { printf 'policygen-ci: %s\n' "$*" >&2; exit 2; }

# The -L options for the agency's own clause folders.
library_args=()
for dir in ${POLICYGEN_LIBRARY:-}; do library_args+=(--library "$dir"); done

# Expand the file globs (** included) into a sorted, de-duplicated list.
answers_files() {
  shopt -s globstar nullglob
  local pattern file
  for pattern in ${POLICYGEN_FILES:-**/policy.yaml}; do
    for file in $pattern; do
      case "$file" in .git/*|*/.git/*|"$output"/*) continue ;; esac
      [ -f "$file" ] && printf '%s\n' "$file"
    done
  done | sort -u
}

# A folder name for one answers file: its folder's path, or its stem at the top level.
slug() {
  local dir; dir=$(dirname "$1")
  if [ "$dir" = . ]; then basename "${1%.*}"; else printf '%s' "${dir//\//-}"; fi
}

cmd_check() {
  local failed=0 file rows="" status lint
  mapfile -t files < <(answers_files)
  [ ${#files[@]} -gt 0 ] || die "no answers files match: ${POLICYGEN_FILES:-**/policy.yaml}"
  for file in "${files[@]}"; do
    echo "::group::policygen check $file"
    if "$policygen" check "$file" "${library_args[@]}"; then status=ok; else status="needs action"; failed=1; fi
    echo "::endgroup::"
    echo "::group::policygen lint $file"
    if "$policygen" lint "$file" "${library_args[@]}"; then
      lint=clean
    else
      lint=findings
      [ "${POLICYGEN_FAIL_ON_LINT:-false}" = true ] && failed=1
    fi
    echo "::endgroup::"
    rows+="| \`$file\` | $status | $lint |"$'\n'
  done
  {
    printf '### Policy check\n\n| answers file | check | lint |\n|---|---|---|\n%s\n' "$rows"
  } >>"$summary"
  return $failed
}

cmd_build() {
  local failed=0 file
  mapfile -t files < <(answers_files)
  [ ${#files[@]} -gt 0 ] || die "no answers files match: ${POLICYGEN_FILES:-**/policy.yaml}"
  for file in "${files[@]}"; do
    "$policygen" build "$file" --format "$formats" --output "$output/$(slug "$file")" \
      "${library_args[@]}" || failed=1
  done
  return $failed
}

cmd_pr() {
  local base=${POLICYGEN_BASE:-} file changed=0 redline rc
  [ -n "$base" ] || die "POLICYGEN_BASE is not set (the pull request's base revision)"
  git rev-parse --verify --quiet "$base^{commit}" >/dev/null || die "unknown base revision: $base"
  mapfile -t files < <(answers_files)
  redline=$(mktemp)
  {
    printf '%s\n## Policy changes in this pull request\n\n' "$marker"
    for file in "${files[@]}"; do
      if ! git cat-file -e "$base:$file" 2>/dev/null; then
        printf '### `%s`\n\nA new policy: it has no earlier version to compare with.\n\n' "$file"
        changed=1
        continue
      fi
      "$policygen" diff "$file" --rev "$base" --format md "${library_args[@]}" >"$redline"
      rc=$?
      case $rc in
        0) ;;
        1) sed -e 's/^#/###/' "$redline"; printf '\n'; changed=1 ;;  # its own title names the file
        *) printf '### `%s`\n\nThe comparison failed (exit %s); see the job log.\n\n' "$file" "$rc"
           changed=1 ;;
      esac
    done
    [ $changed = 1 ] || printf 'No answers file changes what the policy says.\n'
  } >"$body"
  rm -f "$redline"
  cat "$body" >>"$summary"
  echo "policygen-ci: comment body written to $body"
}

# GitHub's REST API through the gh CLI; replaced by a file in tests and dry runs.
cmd_comment() {
  [ -f "$body" ] || die "no comment body at $body: run the pr step first"
  if [ -n "${POLICYGEN_COMMENT_FILE:-}" ]; then cp "$body" "$POLICYGEN_COMMENT_FILE"; return 0; fi
  [ -n "${PR_NUMBER:-}" ] && [ -n "${GITHUB_REPOSITORY:-}" ] || die "PR_NUMBER and GITHUB_REPOSITORY are needed to comment"
  local id
  id=$(gh api "repos/$GITHUB_REPOSITORY/issues/$PR_NUMBER/comments" --paginate \
         --jq ".[] | select(.body | startswith(\"$marker\")) | .id" | head -n 1) || id=""
  if [ -n "$id" ]; then
    gh api --method PATCH "repos/$GITHUB_REPOSITORY/issues/comments/$id" -F "body=@$body" >/dev/null
  else
    gh api --method POST "repos/$GITHUB_REPOSITORY/issues/$PR_NUMBER/comments" -F "body=@$body" >/dev/null
  fi || { echo "::warning::policygen could not comment on the pull request (no permission?); the summary is in the job summary"; return 0; }
}

# The policy owner named in an answers file (policy.owner), read with the YAML library that
# policygen itself runs on.
policy_owner() {
  "${POLICYGEN_PYTHON:-python3}" -c 'import sys, yaml
with open(sys.argv[1], encoding="utf-8") as f:
    data = yaml.safe_load(f)
policy = data.get("policy") if isinstance(data, dict) else None
owner = policy.get("owner") if isinstance(policy, dict) else None
print(owner if isinstance(owner, str) else "")' "$1" 2>/dev/null || true
}

cmd_reminder() {
  local file due=0 text owner today_args=() out
  [ -n "${POLICYGEN_TODAY:-}" ] && today_args=(--today "$POLICYGEN_TODAY")
  mapfile -t files < <(answers_files)
  [ ${#files[@]} -gt 0 ] || die "no answers files match: ${POLICYGEN_FILES:-**/policy.yaml}"
  text=$(mktemp)
  for file in "${files[@]}"; do
    out=$("$policygen" check "$file" "${today_args[@]}" "${library_args[@]}" 2>&1)
    case $? in
      0) continue ;;
      1) due=1 ;;
      *) printf 'policygen-ci: %s\n' "$out" >&2; rm -f "$text"; return 2 ;;
    esac
    owner=$(policy_owner "$file")
    {
      printf '### `%s`\n\n' "$file"
      [ -n "$owner" ] && printf 'Policy owner: **%s**\n\n' "$owner"
      printf '```\n%s\n```\n\n' "$out"
    } >>"$text"
  done
  if [ $due = 0 ]; then echo "policygen-ci: no review due"; rm -f "$text"; return 0; fi
  printf '\nWhen the review is done: `policygen release FILE`, then `policygen approve FILE`.\n' >>"$text"
  cat "$text" >>"$summary"
  if [ -n "${POLICYGEN_COMMENT_FILE:-}" ]; then
    { printf '# %s\n\n' "$reminder_title"; cat "$text"; } >"$POLICYGEN_COMMENT_FILE"
  else
    local number
    number=$(gh issue list --state open --search "\"$reminder_title\" in:title" --json number --jq '.[0].number' || true)
    if [ -n "$number" ]; then
      gh issue edit "$number" --body-file "$text" >/dev/null
    else
      gh issue create --title "$reminder_title" --body-file "$text" >/dev/null
    fi
  fi
  rm -f "$text"
  return 1
}

case "${1:-}" in
  check) cmd_check ;;
  build) cmd_build ;;
  pr) cmd_pr ;;
  comment) cmd_comment ;;
  reminder) cmd_reminder ;;
  *) die "usage: policygen-ci.sh check|build|pr|comment|reminder" ;;
esac
