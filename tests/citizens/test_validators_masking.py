import pytest
from django.core.exceptions import ValidationError

from citizens.masking import mask_id_number, mask_name, mask_phone
from citizens.validators import id_check_code, validate_id_number, validate_phone

# The GB 11643-1999 standard's own worked example, and one whose check code is X.
STANDARD_EXAMPLE = "11010519491231002X"
CHECK_X = "33052119900307123" + id_check_code("33052119900307123")


def test_standard_example_is_valid():
    validate_id_number(STANDARD_EXAMPLE)
    validate_id_number(STANDARD_EXAMPLE.lower())  # a lower-case x is accepted and normalized


@pytest.mark.parametrize("first17, check", [("11010519491231002", "X"), ("44030819900101001", "0")])
def test_check_code_computation(first17, check):
    total = sum(int(d) * w for d, w in zip(first17, (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2), strict=True))
    assert "10X98765432"[total % 11] == id_check_code(first17)
    if first17 == "11010519491231002":
        assert id_check_code(first17) == check


def test_generated_number_is_valid():
    validate_id_number(CHECK_X)


@pytest.mark.parametrize(
    "value, message",
    [
        ("110105194912310021", "校验位不正确"),  # right format, wrong check digit
        ("110105194912310029", "校验位不正确"),
        ("11010519491231002", "18 位"),
        ("1101051949123100XX", "18 位"),
        ("110105194902300025", "出生日期无效"),  # 30 February
        ("", "18 位"),
    ],
)
def test_invalid_id_numbers_have_chinese_messages(value, message):
    with pytest.raises(ValidationError, match=message):
        validate_id_number(value)


@pytest.mark.parametrize("value", ["13812341234", "19912345678", "16600001111"])
def test_mainland_mobiles_accepted(value):
    validate_phone(value)


@pytest.mark.parametrize("value", ["12812341234", "1381234123", "138123412345", "0573-8712123", "+8613812341234"])
def test_other_numbers_refused(value):
    with pytest.raises(ValidationError, match="11 位中国大陆手机号码"):
        validate_phone(value)


def test_masking():
    assert mask_phone("13812341234") == "138****1234"
    assert mask_id_number("33052119900307112X") == "33" + "*" * 13 + "12X"
    assert mask_name("张三丰") == "张**"
    assert mask_name("欧阳") == "欧*"
    assert mask_name("李") == "李"
    assert mask_phone("") == mask_id_number("") == mask_name("") == ""
