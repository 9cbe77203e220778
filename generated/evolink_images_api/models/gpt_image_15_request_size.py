from enum import StrEnum


class GptImage15RequestSize(StrEnum):
    VALUE_0 = "1:1"
    VALUE_1 = "2:3"
    VALUE_2 = "3:2"
    VALUE_3 = "1024x1024"
    VALUE_4 = "1024x1536"
    VALUE_5 = "1536x1024"

    def __str__(self) -> str:
        return str(self.value)
