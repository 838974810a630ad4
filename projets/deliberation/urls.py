"""Le classement, les décisions, les délibérations du conseil et le procès-verbal,
côté instruction (incluses dans le namespace "instruction")."""

urlpatterns = []
