-- AlterTable
ALTER TABLE "Skill" ADD COLUMN     "manageAccess" TEXT NOT NULL DEFAULT 'EVERYONE_WITH_WRITE',
ADD COLUMN     "ownerId" TEXT;

-- AlterTable
ALTER TABLE "SkillVersion" ADD COLUMN     "model" TEXT,
ADD COLUMN     "outputSummary" TEXT;

-- AlterTable
ALTER TABLE "Agent" ADD COLUMN     "description" TEXT;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "deprovisionedAt" TIMESTAMP(3),
ADD COLUMN     "externalId" TEXT,
ADD COLUMN     "scimName" JSONB,
ADD COLUMN     "userName" TEXT,
ADD COLUMN     "userNameKey" TEXT;

-- AlterTable
ALTER TABLE "Group" ADD COLUMN     "description" TEXT,
ADD COLUMN     "externalId" TEXT;

-- AlterTable
ALTER TABLE "Archetype" ADD COLUMN     "description" TEXT;

-- AlterTable
ALTER TABLE "Cowork" ADD COLUMN     "description" TEXT;

-- CreateTable
CREATE TABLE "SkillManager" (
    "tenantId" TEXT NOT NULL,
    "skillId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "principalId" TEXT NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SkillManager_pkey" PRIMARY KEY ("tenantId","skillId","kind","principalId")
);

-- CreateTable
CREATE TABLE "SkillOwnershipTransfer" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "skillId" TEXT NOT NULL,
    "fromOwnerId" TEXT,
    "toUserId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMP(3),
    "pendingKey" TEXT,

    CONSTRAINT "SkillOwnershipTransfer_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateIndex
CREATE INDEX "SkillOwnershipTransfer_tenantId_skillId_requestedAt_idx" ON "SkillOwnershipTransfer"("tenantId", "skillId", "requestedAt");

-- CreateIndex
CREATE UNIQUE INDEX "SkillOwnershipTransfer_tenantId_pendingKey_key" ON "SkillOwnershipTransfer"("tenantId", "pendingKey");

-- CreateIndex
CREATE INDEX "User_tenantId_externalId_idx" ON "User"("tenantId", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "User_tenantId_userNameKey_key" ON "User"("tenantId", "userNameKey");

