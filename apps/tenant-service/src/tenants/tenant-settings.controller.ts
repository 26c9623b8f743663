import { AccessTokenGuard, CurrentPrincipal, Principal, Roles } from '@anpi/auth-guard';
import { ZodValidationPipe } from '@anpi/service-bootstrap';
import { Body, Controller, Get, Ip, Patch, UseGuards } from '@nestjs/common';
import { TenantSettings, TenantSettingsPatch, tenantSettingsPatchSchema, TenantSettingsView } from './tenant-settings';

/** The signed-in company's own settings; the tenant comes from the token, never the path. */
@Controller('v1/tenant/settings')
@UseGuards(AccessTokenGuard)
export class TenantSettingsController {
  constructor(private readonly settings: TenantSettings) {}

  @Get()
  @Roles('owner', 'admin')
  read(@CurrentPrincipal() principal: Principal, @Ip() ip: string): Promise<TenantSettingsView> {
    return this.settings.read({ principal, ip });
  }

  /** Owners only: plain-http answer links weaken transport security for the whole company. */
  @Patch()
  @Roles('owner')
  update(@CurrentPrincipal() principal: Principal, @Ip() ip: string, @Body(new ZodValidationPipe(tenantSettingsPatchSchema)) patch: TenantSettingsPatch): Promise<TenantSettingsView> {
    return this.settings.update({ principal, ip }, patch);
  }
}
