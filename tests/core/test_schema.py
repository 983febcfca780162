from django.core.management import call_command


def test_openapi_schema_validates_without_warnings(db, tmp_path):
    target = tmp_path / "schema.yml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))

    assert "openapi: 3" in target.read_text()


def test_swagger_ui_is_served_from_our_own_static_files(client, db):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    assert "cdn" not in response.content.decode().lower()
