import { AccessTokenGuard, CurrentPrincipal, Principal, Roles } from '@anpi/auth-guard';
import { ZodValidationPipe } from '@anpi/service-bootstrap';
import { Body, Controller, Get, HttpCode, HttpException, HttpStatus, NotFoundException, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { BoardPost, BoardRateLimited, MessageBoard, newBoardPostSchema, StaffBoardPost } from './message-board';

/** The crisis team's side of an alert's message board. */
@Controller('v1/alerts/:alertId/board')
@UseGuards(AccessTokenGuard)
export class BoardController {
  constructor(private readonly board: MessageBoard) {}

  @Post()
  @Roles('owner', 'admin')
  async post(
    @CurrentPrincipal() principal: Principal,
    @Param('alertId', new ParseUUIDPipe()) alertId: string,
    @Body(new ZodValidationPipe(newBoardPostSchema)) body: z.infer<typeof newBoardPostSchema>,
  ): Promise<BoardPost> {
    try {
      const post = await this.board.post(principal.tenantId, alertId, 'crisis-team', principal.userId, body.body);
      if (!post) throw new NotFoundException('alert not found');
      return post;
    } catch (error) {
      if (error instanceof BoardRateLimited) throw new HttpException({ error: 'Too Many Requests', message: `too many posts; retry in ${error.retryAfterSeconds} s` }, HttpStatus.TOO_MANY_REQUESTS);
      throw error;
    }
  }

  /** Owners and admins also see hidden posts and who wrote each; department admins read the board. */
  @Get()
  @Roles('owner', 'admin', 'department_admin')
  async list(@CurrentPrincipal() principal: Principal, @Param('alertId', new ParseUUIDPipe()) alertId: string): Promise<{ items: StaffBoardPost[] }> {
    return { items: await this.board.all(principal.tenantId, alertId, principal.role !== 'department_admin') };
  }

  @Post(':postId/hide')
  @HttpCode(204)
  @Roles('owner', 'admin')
  async hide(@CurrentPrincipal() principal: Principal, @Param('alertId', new ParseUUIDPipe()) alertId: string, @Param('postId', new ParseUUIDPipe()) postId: string): Promise<void> {
    if (!(await this.board.hide(principal.tenantId, alertId, postId, principal.userId))) throw new NotFoundException('post not found');
  }
}
