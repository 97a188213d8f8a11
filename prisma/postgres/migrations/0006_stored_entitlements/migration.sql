-- CreateTable
CREATE TABLE "UserEntitlement" (
    "tenantId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "skillId" TEXT NOT NULL,
    "validFrom" BIGINT NOT NULL,
    "validUntil" BIGINT,
    "blocked" BOOLEAN NOT NULL,
    "skillVersion" TEXT NOT NULL,
    "sources" TEXT NOT NULL,
    "deprecated" BOOLEAN NOT NULL DEFAULT false,
    "overridesGrant" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "UserEntitlement_pkey" PRIMARY KEY ("tenantId","userId","skillId","validFrom")
);

-- CreateIndex
CREATE INDEX "UserEntitlement_tenantId_skillId_blocked_userId_validFrom_validUntil_idx" ON "UserEntitlement"("tenantId", "skillId", "blocked", "userId", "validFrom", "validUntil");
