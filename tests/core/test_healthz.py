def test_healthz_names_database_and_broker_ok(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok", "status": "ok"}


def test_healthz_is_503_naming_the_broker_when_it_is_down(client, db, settings, tmp_path):
    settings.CELERY_BROKER_URL = f"redis+socket://{tmp_path}/no-redis.sock"

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["broker"] == "down"
    assert response.json()["database"] == "ok"


def test_database_check_fails_on_an_unreachable_server(db, tmp_path):
    from django.db import connection

    from onboarding.core.views import database_ok

    settings_dict = {**connection.settings_dict, "HOST": str(tmp_path), "OPTIONS": {}}
    unreachable = connection.__class__(settings_dict, alias="unreachable")

    assert database_ok(connection) is True
    assert database_ok(unreachable) is False
