"""Each reviewer's open workload per campaign, kept by the database, and the least-busy choice.

Choosing a reviewer for a new application used to count every open review of every reviewer in
the campaign (38 ms at 10,000 applications, growing with the campaign). Now one row per
(campaign, reviewer) holds that count, `ReviewerWorkload.open_reviews`, and the choice reads the
first unlocked row of an index ordered by it: the same cost at 1,000 or 100,000 applications.

The count is kept by triggers, in the transaction of the change that moves it, so no path can
forget it (services, the admin, factories in tests, bulk updates):

- a review case inserted, deleted or given another reviewer, while its application is open;
- an application moving into or out of the open states (a decision, a withdrawal, a reopening);
- a campaign created, or a user becoming an active reviewer: a zero row each, so the choice finds
  every candidate among the rows.

Open means `selectors.OPEN_REVIEW`, written into the trigger when it is installed. Installed by
migration 0003 and again after every migrate (`install`, from `ReviewsConfig`), so a test
database built without migrations has them too. `recount` rebuilds every row from the cases.
"""

from django.db import connection, connections

from onboarding.core.models import Role
from onboarding.reviews.selectors import OPEN_REVIEW

TABLE = "reviews_reviewerworkload"


def _open_list() -> str:
    return ", ".join(f"'{status}'" for status in OPEN_REVIEW)


def install_sql() -> str:
    open_ = _open_list()
    reviewer = f"'{Role.REVIEWER}'"
    return f"""
CREATE OR REPLACE FUNCTION reviews_workload_add(p_campaign bigint, p_reviewer bigint, p_delta int)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF p_campaign IS NULL OR p_reviewer IS NULL OR p_delta = 0 THEN
        RETURN;
    END IF;
    IF p_delta > 0 THEN
        INSERT INTO {TABLE} (campaign_id, reviewer_id, open_reviews)
        VALUES (p_campaign, p_reviewer, p_delta)
        ON CONFLICT (campaign_id, reviewer_id)
        DO UPDATE SET open_reviews = {TABLE}.open_reviews + EXCLUDED.open_reviews;
    ELSE
        -- Never inserts: a row that is gone (its reviewer or campaign being deleted) stays gone.
        UPDATE {TABLE} SET open_reviews = open_reviews + p_delta
        WHERE campaign_id = p_campaign AND reviewer_id = p_reviewer;
    END IF;
END $$;

CREATE OR REPLACE FUNCTION reviews_workload_case() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v_campaign bigint;
    v_status text;
BEGIN
    IF TG_OP = 'DELETE' THEN
        SELECT campaign_id, status INTO v_campaign, v_status
        FROM applicants_application WHERE id = OLD.application_id;
        IF v_status IN ({open_}) THEN
            PERFORM reviews_workload_add(v_campaign, OLD.reviewer_id, -1);
        END IF;
        RETURN NULL;
    END IF;
    SELECT campaign_id, status INTO v_campaign, v_status
    FROM applicants_application WHERE id = NEW.application_id;
    IF v_status NOT IN ({open_}) OR v_status IS NULL THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        PERFORM reviews_workload_add(v_campaign, NEW.reviewer_id, 1);
    ELSIF NEW.reviewer_id IS DISTINCT FROM OLD.reviewer_id THEN
        -- Both rows in reviewer order: two reassignments crossing each other wait, not deadlock.
        IF OLD.reviewer_id IS NULL OR NEW.reviewer_id < OLD.reviewer_id THEN
            PERFORM reviews_workload_add(v_campaign, NEW.reviewer_id, 1);
            PERFORM reviews_workload_add(v_campaign, OLD.reviewer_id, -1);
        ELSE
            PERFORM reviews_workload_add(v_campaign, OLD.reviewer_id, -1);
            PERFORM reviews_workload_add(v_campaign, NEW.reviewer_id, 1);
        END IF;
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION reviews_workload_application() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v_reviewer bigint;
BEGIN
    SELECT reviewer_id INTO v_reviewer FROM reviews_reviewcase WHERE application_id = NEW.id;
    IF v_reviewer IS NULL THEN
        RETURN NULL;
    END IF;
    IF OLD.status IN ({open_}) THEN
        PERFORM reviews_workload_add(OLD.campaign_id, v_reviewer, -1);
    END IF;
    IF NEW.status IN ({open_}) THEN
        PERFORM reviews_workload_add(NEW.campaign_id, v_reviewer, 1);
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION reviews_workload_campaign() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {TABLE} (campaign_id, reviewer_id, open_reviews)
    SELECT NEW.id, u.id, 0 FROM core_user u WHERE u.role = {reviewer} AND u.is_active
    ON CONFLICT (campaign_id, reviewer_id) DO NOTHING;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION reviews_workload_reviewer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {TABLE} (campaign_id, reviewer_id, open_reviews)
    SELECT c.id, NEW.id, 0 FROM applicants_campaign c
    ON CONFLICT (campaign_id, reviewer_id) DO NOTHING;
    RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER reviews_workload_case
AFTER INSERT OR DELETE OR UPDATE OF reviewer_id ON reviews_reviewcase
FOR EACH ROW EXECUTE FUNCTION reviews_workload_case();

CREATE OR REPLACE TRIGGER reviews_workload_application
AFTER UPDATE OF status, campaign_id ON applicants_application
FOR EACH ROW
WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.campaign_id IS DISTINCT FROM NEW.campaign_id)
EXECUTE FUNCTION reviews_workload_application();

CREATE OR REPLACE TRIGGER reviews_workload_campaign
AFTER INSERT ON applicants_campaign
FOR EACH ROW EXECUTE FUNCTION reviews_workload_campaign();

CREATE OR REPLACE TRIGGER reviews_workload_reviewer
AFTER INSERT OR UPDATE OF role, is_active ON core_user
FOR EACH ROW WHEN (NEW.role = {reviewer} AND NEW.is_active)
EXECUTE FUNCTION reviews_workload_reviewer();
"""


UNINSTALL_SQL = """
DROP TRIGGER IF EXISTS reviews_workload_case ON reviews_reviewcase;
DROP TRIGGER IF EXISTS reviews_workload_application ON applicants_application;
DROP TRIGGER IF EXISTS reviews_workload_campaign ON applicants_campaign;
DROP TRIGGER IF EXISTS reviews_workload_reviewer ON core_user;
DROP FUNCTION IF EXISTS reviews_workload_case();
DROP FUNCTION IF EXISTS reviews_workload_application();
DROP FUNCTION IF EXISTS reviews_workload_campaign();
DROP FUNCTION IF EXISTS reviews_workload_reviewer();
DROP FUNCTION IF EXISTS reviews_workload_add(bigint, bigint, int);
"""


def recount_sql() -> str:
    """Every row rebuilt from the review cases, and a zero row for each idle active reviewer."""
    return f"""
DELETE FROM {TABLE};
INSERT INTO {TABLE} (campaign_id, reviewer_id, open_reviews)
SELECT a.campaign_id, c.reviewer_id, count(*)
FROM reviews_reviewcase c JOIN applicants_application a ON a.id = c.application_id
WHERE c.reviewer_id IS NOT NULL AND a.status IN ({_open_list()})
GROUP BY a.campaign_id, c.reviewer_id;
INSERT INTO {TABLE} (campaign_id, reviewer_id, open_reviews)
SELECT k.id, u.id, 0 FROM applicants_campaign k CROSS JOIN core_user u
WHERE u.role = '{Role.REVIEWER}' AND u.is_active
ON CONFLICT (campaign_id, reviewer_id) DO NOTHING;
"""


def install(*, using: str = "default") -> None:
    with connections[using].cursor() as cursor:
        cursor.execute(install_sql())


def recount(*, using: str = "default") -> None:
    with connections[using].cursor() as cursor:
        cursor.execute(recount_sql())


# The active reviewers without a conflict with this application, least busy first (oldest
# account on a tie), skipping rows another submission holds: two submissions at once go to two
# reviewers instead of one waiting for the other's commit.
_CHOICE = f"""
SELECT w.reviewer_id FROM {TABLE} w JOIN core_user u ON u.id = w.reviewer_id
WHERE w.campaign_id = %s AND u.role = %s AND u.is_active
  AND NOT EXISTS (
    SELECT 1 FROM reviews_conflictofinterest k
    WHERE k.application_id = %s AND k.reviewer_id = w.reviewer_id
  )
ORDER BY w.open_reviews, w.reviewer_id
LIMIT 1
FOR UPDATE OF w"""


def least_busy_reviewer_id(*, campaign_id: int, application_id: int) -> int | None:
    """The reviewer to give a new application to, their row locked until the caller commits.

    When every candidate's row is held by another transaction, wait for the least busy one
    rather than leave the application unassigned.
    """
    params: list[int | str] = [campaign_id, str(Role.REVIEWER), application_id]
    with connection.cursor() as cursor:
        cursor.execute(_CHOICE + " SKIP LOCKED", params)
        row = cursor.fetchone()
        if row is None:
            cursor.execute(_CHOICE, params)
            row = cursor.fetchone()
    return row[0] if row else None
