"""Database lookups that keep values a person can type from crashing a query."""

from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerIn(In):
    """`in` on an integer column, leaving out numbers the column cannot hold.

    No row has such a number. Django already answers `exact` with one of them by matching
    nothing; `in` sent them on, and SQLite raises OverflowError on an int past 64 bits: a
    key typed as 2**70 into a multiple choice (a programme's communities) was a server error
    instead of the field's "Select a valid choice".
    """

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(
                self.lhs.output_field.get_internal_type()
            )
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)


def register() -> None:
    IntegerField.register_lookup(IntegerIn)
