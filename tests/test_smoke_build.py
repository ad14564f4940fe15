def test_a_valid_bulletin_builds_into_its_page(project):
    project.bulletin("2023-05-12-brandrisk")
    project.build()
    assert "Brandrisk i skogen" in project.read("bulletins/2023-05-12-brandrisk/index.html")
