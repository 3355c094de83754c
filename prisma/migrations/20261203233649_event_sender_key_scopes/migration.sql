-- AlterTable
ALTER TABLE "api_key" ADD COLUMN     "revoked_at" TIMESTAMPTZ(3),
ADD COLUMN     "scopes" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "clinical_event" ADD COLUMN     "channel" TEXT,
ADD COLUMN     "sender" TEXT;
