"""Reading untrusted REFI-QDA XML: no DTD in any form (so no entities, nothing fetched), whatever the encoding."""

import pytest

from interviews.exchange.qdpx_xml import QdpxError, parse_xml

REFUSED = [
    b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "x"><!ENTITY b "&a;&a;&a;">]><p>&b;</p>',
    b'<?xml version="1.0"?><!-- eerst commentaar --><!DOCTYPE p SYSTEM "http://example.com/p.dtd"><p/>',
    '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE p [<!ENTITY a "x">]><p>&a;</p>'.encode("utf-16"),
    b'\xef\xbb\xbf<!DOCTYPE p [<!ENTITY e SYSTEM "file:///etc/passwd">]><p>&e;</p>',
]


@pytest.mark.parametrize("data", REFUSED)
def test_any_dtd_is_refused(data):
    with pytest.raises(QdpxError, match="niet is toegestaan"):
        parse_xml(data, "project.qde")


def test_an_undeclared_entity_is_not_xml():
    with pytest.raises(QdpxError, match="geen geldige XML"):
        parse_xml(b"<p>&e;</p>", "project.qde")


def test_doctype_as_text_is_just_text_and_utf16_documents_are_read():
    root = parse_xml(b"<p><![CDATA[<!DOCTYPE p>]]><!-- <!DOCTYPE q> --></p>")
    assert root.text == "<!DOCTYPE p>"
    assert parse_xml('<?xml version="1.0" encoding="UTF-16"?><p>coördinatie</p>'.encode("utf-16")).text == "coördinatie"
