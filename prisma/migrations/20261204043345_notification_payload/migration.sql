-- AlterTable
ALTER TABLE "notification_delivery" ADD COLUMN     "payload" JSONB;
