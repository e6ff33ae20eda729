"""What an inspection service refuses, with a reason for the user and a code for the API."""

from zhengzhi.core.errors import Refusal


class InspectionError(Refusal):
    code = "invalid"
