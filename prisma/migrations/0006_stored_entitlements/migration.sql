-- CreateTable
-- WITHOUT ROWID: rows are stored in primary-key order, so one user's rows are
-- contiguous and the table carries no separate rowid b-tree.
CREATE TABLE "UserEntitlement" (
    "tenantId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "skillId" TEXT NOT NULL,
    "validFrom" INTEGER NOT NULL,
    "validUntil" INTEGER,
    "blocked" BOOLEAN NOT NULL,
    "skillVersion" TEXT NOT NULL,
    "sources" TEXT NOT NULL,
    "deprecated" BOOLEAN NOT NULL DEFAULT false,
    "overridesGrant" BOOLEAN NOT NULL DEFAULT false,

    PRIMARY KEY ("tenantId", "userId", "skillId", "validFrom")
) WITHOUT ROWID;

-- CreateIndex
CREATE INDEX "UserEntitlement_tenantId_skillId_blocked_userId_validFrom_validUntil_idx" ON "UserEntitlement"("tenantId", "skillId", "blocked", "userId", "validFrom", "validUntil");
