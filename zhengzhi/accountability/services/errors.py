from zhengzhi.core.errors import Refusal


class AccountabilityError(Refusal):
    code = "invalid"
