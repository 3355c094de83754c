-- CreateTable
CREATE TABLE "rule_partition" (
    "partition" INTEGER NOT NULL,
    "epoch" BIGINT NOT NULL DEFAULT 0,
    "owner" TEXT,
    "owned_at" TIMESTAMPTZ(3),
    "snapshot_seq" BIGINT,
    "snapshot" BYTEA,
    "snapshot_sha256" TEXT,
    "snapshot_at" TIMESTAMPTZ(3),

    CONSTRAINT "rule_partition_pkey" PRIMARY KEY ("partition")
);
