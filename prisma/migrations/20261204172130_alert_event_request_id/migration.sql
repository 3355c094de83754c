-- AlterTable
ALTER TABLE "alert_event" ADD COLUMN     "request_id" TEXT;
