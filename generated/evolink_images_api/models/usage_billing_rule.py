from enum import StrEnum


class UsageBillingRule(StrEnum):
    PER_CALL = "per_call"
    PER_SECOND = "per_second"
    PER_TOKEN = "per_token"

    def __str__(self) -> str:
        return str(self.value)
