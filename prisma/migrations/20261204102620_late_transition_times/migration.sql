-- AlterTable
ALTER TABLE "alert" ADD COLUMN     "late_effective_at" TIMESTAMPTZ(3),
ADD COLUMN     "late_recorded_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "alert_event" ADD COLUMN     "data_recorded_at" TIMESTAMPTZ(3),
ADD COLUMN     "effective_at" TIMESTAMPTZ(3);
