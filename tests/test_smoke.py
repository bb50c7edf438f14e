def test_published_post_is_listed_on_home_page(client, make_post):
    make_post("Visible post")
    make_post("Draft post", status="draft")

    response = client.get("/")

    assert "Visible post" in response.text
    assert "Draft post" not in response.text
